using NetVips;
using LibVips = NetVips.NetVips;
using VipsImage = NetVips.Image;

namespace AnimeGan.Imaging;

/// <summary>
/// Bytes to images and back, through libvips (NetVips). The format is sniffed from the content, never the
/// file name; the header is checked against <see cref="ImageLimits"/> before any pixel is decoded.
/// </summary>
public sealed class ImageCodec(ImageLimits? limits = null)
{
    /// <summary>libvips loaders we accept, by the format name that starts their nickname.</summary>
    private static readonly string[] AcceptedLoaders = ["jpeg", "uhdr", "png", "webp", "gif", "tiff", "heif"];

    public const string AcceptedFormatsText = "JPEG, PNG, WebP, GIF, TIFF, HEIF/HEIC/AVIF";

    private static readonly Lazy<string> LibVipsStarted = new(StartLibVips, LazyThreadSafetyMode.ExecutionAndPublication);

    public ImageLimits Limits { get; } = limits ?? ImageLimits.Default;

    /// <summary>libvips version, e.g. "8.18.7".</summary>
    public static string LibraryVersion => LibVipsStarted.Value;

    public DecodedImage Decode(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"no such file: {path}", path);
        if (info.Length == 0) throw new ImageRejectedException(ImageRejection.Empty, "the file is empty (0 bytes)");
        EnsureLibVipsStarted();
        return Load(RequireAcceptedLoader(VipsImage.FindLoad(path)), path);
    }

    /// <summary>Whether the file's content is in an accepted format; only its first bytes are read.</summary>
    public static bool IsAcceptedImage(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0) return false;
        EnsureLibVipsStarted();
        return AcceptedLoaderName(VipsImage.FindLoad(path)) is { Accepted: true };
    }

    public DecodedImage Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new ImageRejectedException(ImageRejection.Empty, "the upload is empty (0 bytes)");
        if (bytes.Length > Limits.MaxBytes) throw TooManyBytes(bytes.Length);
        EnsureLibVipsStarted();
        var loader = RequireAcceptedLoader(VipsImage.FindLoadBuffer(bytes));
        return Load(loader, bytes.ToArray());
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
        using var image = pixels.ToVipsImage();
        return format switch
        {
            OutputFormat.Jpeg => image.JpegsaveBuffer(q: quality, optimizeCoding: true),
            OutputFormat.Webp => image.WebpsaveBuffer(q: quality),
            OutputFormat.Png => image.PngsaveBuffer(compression: 6),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    /// <summary>Applies our libvips settings before the first image is made; NetVips itself has already started libvips.</summary>
    internal static void EnsureLibVipsStarted() => _ = LibVipsStarted.Value;

    /// <summary>libvips' own explanation, on one line: NetVips puts its context and each libvips error on lines of their own.</summary>
    internal static string LibVipsMessage(VipsException error) =>
        string.Join("; ", error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string StartLibVips()
    {
        if (!ModuleInitializer.VipsInitialized)
            throw new InvalidOperationException(
                $"libvips did not start ({ModuleInitializer.Exception?.Message}). It comes from the NuGet package " +
                "NetVips.Native.linux-x64 and lies next to the application; rebuild with `dotnet build` to restore it.",
                ModuleInitializer.Exception);
        // Results are never requested twice with the same arguments, so the operation cache would only
        // hold decoded images (and open files) in memory between requests.
        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;
        // Loaders that libvips marks as unfit for untrusted input (e.g. via ImageMagick) stay off.
        LibVips.BlockUntrusted = true;
        // Loader warnings ("IEND: out of place", "error in tile …") would be printed straight to stderr by
        // GLib. Failures that matter reach us as exceptions, since loaders run with fail_on=truncated.
        Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning, IgnoreLibVipsWarning);
        return $"{LibVips.Version(0)}.{LibVips.Version(1)}.{LibVips.Version(2)}";
    }

    private static void IgnoreLibVipsWarning(string domain, Enums.LogLevelFlags level, string message) { }

    private ImageRejectedException TooManyBytes(long length) =>
        new(ImageRejection.TooLarge, $"the file is {length / 1048576.0:F1} MB, over the limit of {Limits.MaxBytes / 1048576.0:F0} MB");

    private void RequireWithinPixelBudget(long width, long height) => RequireWithinBudget(((int)width, (int)height), "the image");

    /// <summary>
    /// Refuses a picture of <paramref name="size"/> over the pixel budget: a photo's header, or the result
    /// a conversion would make (an upscale multiplies the pixels), before any work is done.
    /// </summary>
    public void RequireWithinBudget((int Width, int Height) size, string what)
    {
        var pixels = (long)size.Width * size.Height;
        if (pixels > Limits.MaxPixels)
            throw new ImageRejectedException(ImageRejection.TooLarge,
                $"{what} is {size.Width}x{size.Height} ({pixels / 1e6:F1} MP), over the limit of {Limits.MaxPixels / 1e6:F0} MP");
    }

    /// <summary>The loader's operation nickname ("jpegload", "pngload_buffer", …) if it is one we accept.</summary>
    private static string RequireAcceptedLoader(string? loaderTypeName) => AcceptedLoaderName(loaderTypeName) switch
    {
        null => throw new ImageRejectedException(ImageRejection.NotAnImage, $"not an image: the content is none of {AcceptedFormatsText}",
            // A failed sniff leaves "… is not in a known format" in libvips' error buffer, which is shared by
            // the whole process and fills up; making the exception takes that text out of it.
            new VipsException("libvips knows no loader for the content")),
        { Accepted: false, Nickname: var other } => throw new ImageRejectedException(ImageRejection.NotAnImage,
            $"{other.Split("load")[0].ToUpperInvariant()} files are not accepted; use {AcceptedFormatsText}"),
        { Nickname: var accepted } => accepted,
    };

    /// <summary>Null where libvips knows no loader for the content; NetVips names loaders by type ("VipsForeignLoadJpegFile").</summary>
    private static (string Nickname, bool Accepted)? AcceptedLoaderName(string? loaderTypeName)
    {
        if (loaderTypeName is null) return null;
        var nickname = LibVips.NicknameFind(LibVips.TypeFromName(loaderTypeName)) ?? "";
        return (nickname, AcceptedLoaders.Any(format => nickname.StartsWith(format + "load", StringComparison.Ordinal)));
    }

    /// <param name="loader">The loader's nickname.</param>
    /// <param name="source">What the loader reads: a file path for a file loader, the encoded bytes for a buffer loader.</param>
    private DecodedImage Load(string loader, object source)
    {
        VipsImage loaded;
        try
        {
            // Fail on truncated data instead of padding the picture with grey.
            loaded = (VipsImage)Operation.Call(loader, new VOption { { "fail_on", Enums.FailOn.Truncated } }, source);
        }
        catch (VipsException e)
        {
            throw new ImageRejectedException(ImageRejection.Undecodable, $"the image could not be read ({LibVipsMessage(e)})", e);
        }

        using (loaded)
        {
            RequireWithinPixelBudget(loaded.Width, loaded.Height);
            var format = loader[..loader.IndexOf("load", StringComparison.Ordinal)];
            if (format == "heif" && HeicDecoder.IsHevc(loaded))
            {
                // libvips can read this header but not decode its pixels; see HeicDecoder.
                using var heic = HeicDecoder.Decode(source as byte[] ?? File.ReadAllBytes((string)source), RequireWithinPixelBudget);
                return Normalise(heic, format);
            }
            return Normalise(loaded, format == "uhdr" ? "jpeg" : format);
        }
    }

    /// <summary>Upright, alpha split off, colour converted to 8-bit sRGB. All lazy: nothing is decoded yet (but a HEIC, which HeicDecoder decodes at once).</summary>
    private static DecodedImage Normalise(VipsImage loaded, string format)
    {
        try
        {
            using var upright = loaded.Autorot();
            if (!upright.HasAlpha()) return new DecodedImage(ToSrgb(upright), null, format);
            using var colour = upright.ExtractBand(0, n: upright.Bands - 1);
            using var rawAlpha = upright.ExtractBand(upright.Bands - 1);
            var alpha = rawAlpha.Linear([255.0 / MaxAlpha(upright.Interpretation)], [0.0], uchar: true);
            return new DecodedImage(ToSrgb(colour), alpha, format);
        }
        catch (VipsException e)
        {
            throw new ImageRejectedException(ImageRejection.Undecodable, $"the image could not be converted to sRGB ({LibVipsMessage(e)})", e);
        }
    }

    /// <summary>The value of an opaque alpha in this interpretation, as libvips' vips_interpretation_max_alpha() has it.</summary>
    private static double MaxAlpha(Enums.Interpretation interpretation) => interpretation switch
    {
        Enums.Interpretation.Rgb16 or Enums.Interpretation.Grey16 => 65535,
        Enums.Interpretation.Scrgb => 1,
        _ => 255,
    };

    private static VipsImage ToSrgb(VipsImage image)
    {
        if (image.Contains("icc-profile-data"))
        {
            try
            {
                return image.IccTransform("srgb", embedded: true, depth: 8, intent: Enums.Intent.Relative);
            }
            catch (VipsException)
            {
                // A broken embedded profile: fall back to the colour space the header declares.
            }
        }
        using var srgb = image.Colourspace(Enums.Interpretation.Srgb);
        using var extraBandsDropped = srgb.Bands > 3 ? srgb.ExtractBand(0, n: 3) : null;
        return (extraBandsDropped ?? srgb).Cast(Enums.BandFormat.Uchar);
    }
}
