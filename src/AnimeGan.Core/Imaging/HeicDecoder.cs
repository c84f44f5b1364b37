using ImageMagick;
using NetVips;
using VipsImage = NetVips.Image;

namespace AnimeGan.Imaging;

/// <summary>
/// HEIC, the HEVC-coded HEIF that phones write, decoded with ImageMagick (Magick.NET). The libvips of
/// NetVips.Native carries libheif without an HEVC decoder (the codec is patent-encumbered), so its heifload
/// reads a HEIC header but refuses the first pixel ("HEVC … has not been built in"); Magick.NET's native
/// build has libheif with libde265. AVIF (AV1-coded HEIF) stays with libvips.
/// </summary>
/// <remarks>
/// Unlike libvips, ImageMagick decodes the whole picture at once: a HEIC is held in memory at full size
/// (3 bytes a pixel, 4 with alpha) from <see cref="ImageCodec.Decode(string)"/> on, not only once read.
/// </remarks>
internal static class HeicDecoder
{
    /// <summary>Whether libvips' heifload found HEVC-coded data in this header (it names the codec in "heif-compression").</summary>
    public static bool IsHevc(VipsImage heifHeader) =>
        heifHeader.Contains("heif-compression") && heifHeader.Get("heif-compression") is "hevc";

    /// <summary>
    /// Decodes a HEIC into an upright 8-bit sRGB libvips image (with alpha as a fourth band if it has one),
    /// after <paramref name="requireWithinPixelBudget"/> has passed ImageMagick's reading of the header.
    /// </summary>
    public static VipsImage Decode(byte[] encoded, Action<long, long> requireWithinPixelBudget)
    {
        // The format is given, never guessed: ImageMagick must not pick a coder of its own for untrusted bytes.
        var settings = new MagickReadSettings { Format = MagickFormat.Heic };
        try
        {
            var header = new MagickImageInfo(encoded, settings);
            requireWithinPixelBudget(header.Width, header.Height);

            using var image = new MagickImage(encoded, settings);
            // libheif has already applied the HEIF rotation and mirroring, and ImageMagick leaves the EXIF
            // orientation of a HEIC alone (the HEIF rules say it is informative), so this only matters where
            // ImageMagick ever reports an orientation of its own.
            image.AutoOrient();
            ConvertToSrgb(image);
            var mapping = image.HasAlpha ? PixelMapping.RGBA : PixelMapping.RGB;
            using var pixels = image.GetPixelsUnsafe();
            var bytes = pixels.ToByteArray(mapping) ?? throw new MagickErrorException("ImageMagick returned no pixels");
            // Q8: ImageMagick's samples are already 8-bit. libvips wraps the array without copying it, as a
            // plain multiband image: tagged sRGB, its fourth band counts as alpha.
            using var wrapped = VipsImage.NewFromMemory(bytes, (int)image.Width, (int)image.Height, image.HasAlpha ? 4 : 3, Enums.BandFormat.Uchar);
            return wrapped.Copy(interpretation: Enums.Interpretation.Srgb);
        }
        catch (MagickException e)
        {
            throw new ImageRejectedException(ImageRejection.Undecodable, $"the image could not be read ({FirstLine(e.Message)})", e);
        }
    }

    private static void ConvertToSrgb(MagickImage image)
    {
        if (image.GetColorProfile() is not null)
        {
            try
            {
                image.TransformColorSpace(ColorProfiles.SRGB);
                return;
            }
            catch (MagickException)
            {
                // A broken embedded profile: fall back to the colour space the header declares, as libvips does.
            }
        }
        // Grey stays grey: exporting it as RGB gives three equal channels.
        if (image.ColorSpace is not (ColorSpace.sRGB or ColorSpace.Gray)) image.ColorSpace = ColorSpace.sRGB;
    }

    /// <summary>ImageMagick's message without the temporary file and source line it appends after a newline.</summary>
    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
