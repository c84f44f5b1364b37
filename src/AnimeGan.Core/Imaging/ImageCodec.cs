using System.Runtime.InteropServices;
using AnimeGan.Imaging.Vips;

namespace AnimeGan.Imaging;

/// <summary>
/// Bytes to images and back, through libvips. The format is sniffed from the content, never the file
/// name; the header is checked against <see cref="ImageLimits"/> before any pixel is decoded.
/// </summary>
public sealed class ImageCodec(ImageLimits? limits = null)
{
    /// <summary>libvips loaders we accept, by the format name that starts their nickname.</summary>
    private static readonly string[] AcceptedLoaders = ["jpeg", "uhdr", "png", "webp", "gif", "tiff", "heif"];

    public const string AcceptedFormatsText = "JPEG, PNG, WebP, GIF, TIFF, HEIF/AVIF";

    public ImageLimits Limits { get; } = limits ?? ImageLimits.Default;

    public static string LibraryVersion => VipsLibrary.Version;

    public DecodedImage Decode(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"no such file: {path}", path);
        if (info.Length == 0) throw new ImageRejectedException(ImageRejection.Empty, "the file is empty (0 bytes)");
        VipsLibrary.EnsureStarted();
        var loader = VipsNative.vips_foreign_find_load(path);
        return Load(RequireAcceptedLoader(loader), operation => operation.Set("filename", path));
    }

    /// <summary>Whether the file's content is in an accepted format; only its first bytes are read.</summary>
    public static bool IsAcceptedImage(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0) return false;
        VipsLibrary.EnsureStarted();
        return AcceptedLoaderName(VipsNative.vips_foreign_find_load(path)) is { Accepted: true };
    }

    public unsafe DecodedImage Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new ImageRejectedException(ImageRejection.Empty, "the upload is empty (0 bytes)");
        if (bytes.Length > Limits.MaxBytes) throw TooManyBytes(bytes.Length);
        VipsLibrary.EnsureStarted();
        nint loader;
        fixed (byte* data = bytes) loader = VipsNative.vips_foreign_find_load_buffer(data, (nuint)bytes.Length);
        var accepted = RequireAcceptedLoader(loader);
        var copy = bytes.ToArray();
        return Load(accepted, operation => operation.SetBlob("buffer", copy));
    }

    public DecodedImage Decode(Stream stream)
    {
        using var memory = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (memory.Length + read > Limits.MaxBytes) throw TooManyBytes(memory.Length + read);
            memory.Write(chunk, 0, read);
        }
        return Decode(memory.GetBuffer().AsSpan(0, (int)memory.Length));
    }

    /// <summary>
    /// Encodes RGB pixels, with the alpha plane put back where the format has one. JPEG has none, so
    /// a transparent image is flattened onto white rather than onto black.
    /// </summary>
    public byte[] Encode(PixelBuffer colour, PixelBuffer? alpha, OutputFormat format, int quality = OutputFormats.DefaultQuality)
    {
        if (colour.Bands != 3) throw new ArgumentException("colour must have 3 bands", nameof(colour));
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), quality, "quality is 1 to 100");
        var pixels = alpha is null ? colour
            : format.SupportsAlpha() ? AlphaPlane.Attach(colour, alpha)
            : AlphaPlane.FlattenOnWhite(colour, alpha);
        using var image = VipsImage.FromPixels(pixels);
        return format switch
        {
            OutputFormat.Jpeg => image.Encode(".jpg", ("Q", quality), ("optimize_coding", true)),
            OutputFormat.Webp => image.Encode(".webp", ("Q", quality)),
            OutputFormat.Png => image.Encode(".png", ("compression", 6)),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    private ImageRejectedException TooManyBytes(long length) =>
        new(ImageRejection.TooLarge, $"the file is {length / 1048576.0:F1} MB, over the limit of {Limits.MaxBytes / 1048576.0:F0} MB");

    /// <summary>The loader's operation nickname ("jpegload", "pngload_buffer", …) if it is one we accept.</summary>
    private static string RequireAcceptedLoader(nint loaderTypeName) => AcceptedLoaderName(loaderTypeName) switch
    {
        null => throw new ImageRejectedException(ImageRejection.NotAnImage, $"not an image: the content is none of {AcceptedFormatsText}"),
        { Accepted: false, Nickname: var other } => throw new ImageRejectedException(ImageRejection.NotAnImage,
            $"{other.Split("load")[0].ToUpperInvariant()} files are not accepted; use {AcceptedFormatsText}"),
        { Nickname: var accepted } => accepted,
    };

    private static (string Nickname, bool Accepted)? AcceptedLoaderName(nint loaderTypeName)
    {
        VipsLibrary.TakeErrorMessage(); // a failed sniff leaves "not a known file format" behind
        if (loaderTypeName == 0) return null;
        var type = VipsNative.g_type_from_name(Marshal.PtrToStringUTF8(loaderTypeName)!);
        var nickname = Marshal.PtrToStringUTF8(VipsNative.vips_nickname_find(type)) ?? "";
        return (nickname, AcceptedLoaders.Any(format => nickname.StartsWith(format + "load", StringComparison.Ordinal)));
    }

    private DecodedImage Load(string loader, Action<VipsOperation> setSource)
    {
        VipsImage loaded;
        using (var operation = VipsOperation.Create(loader))
        {
            setSource(operation);
            // Fail on truncated data instead of padding the picture with grey.
            operation.Set("fail_on", "truncated");
            try
            {
                operation.Build();
            }
            catch (VipsException e)
            {
                throw new ImageRejectedException(ImageRejection.Undecodable, $"the image could not be read ({e.Message})", e);
            }
            loaded = operation.GetImage("out");
        }

        using (loaded)
        {
            var pixels = (long)loaded.Width * loaded.Height;
            if (pixels > Limits.MaxPixels)
                throw new ImageRejectedException(ImageRejection.TooLarge,
                    $"the image is {loaded.Width}x{loaded.Height} ({pixels / 1e6:F1} MP), over the limit of {Limits.MaxPixels / 1e6:F0} MP");
            var format = loader[..loader.IndexOf("load", StringComparison.Ordinal)];
            return Normalise(loaded, format == "uhdr" ? "jpeg" : format);
        }
    }

    /// <summary>Upright, alpha split off, colour converted to 8-bit sRGB. All lazy: nothing is decoded yet.</summary>
    private static DecodedImage Normalise(VipsImage loaded, string format)
    {
        try
        {
            using var upright = loaded.AutoRotate();
            if (!upright.HasAlpha) return new DecodedImage(ToSrgb(upright), null, format);
            using var colour = upright.ExtractBands(0, upright.Bands - 1);
            using var rawAlpha = upright.ExtractBands(upright.Bands - 1, 1);
            var alpha = rawAlpha.Linear(255.0 / upright.MaxAlpha, 0);
            return new DecodedImage(ToSrgb(colour), alpha, format);
        }
        catch (VipsException e)
        {
            throw new ImageRejectedException(ImageRejection.Undecodable, $"the image could not be converted to sRGB ({e.Message})", e);
        }
    }

    private static VipsImage ToSrgb(VipsImage image)
    {
        if (image.HasIccProfile)
        {
            try
            {
                return image.IccToSrgb();
            }
            catch (VipsException)
            {
                // A broken embedded profile: fall back to the colour space the header declares.
                VipsLibrary.TakeErrorMessage();
            }
        }
        using var srgb = image.ToColourspace("srgb");
        using var extraBandsDropped = srgb.Bands > 3 ? srgb.ExtractBands(0, 3) : null;
        return (extraBandsDropped ?? srgb).Cast(VipsBandFormat.UChar);
    }
}
