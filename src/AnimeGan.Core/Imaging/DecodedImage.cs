using NetVips;
using VipsImage = NetVips.Image;

namespace AnimeGan.Imaging;

/// <summary>
/// A decoded photo, upright and in 8-bit sRGB, with its alpha (if any) kept aside. Pixels are computed
/// lazily by libvips when first read, at the size asked for, so a large photo that is processed at
/// 1024 px is never held in memory at full size longer than the resize needs.
/// </summary>
public sealed class DecodedImage : IDisposable
{
    private readonly VipsImage _colour;
    private readonly VipsImage? _alpha;

    internal DecodedImage(VipsImage colour, VipsImage? alpha, string sourceFormat)
    {
        _colour = colour;
        _alpha = alpha;
        SourceFormat = sourceFormat;
    }

    public int Width => _colour.Width;
    public int Height => _colour.Height;
    public bool HasAlpha => _alpha is not null;

    /// <summary>The container format sniffed from the content: "jpeg", "png", "webp", "gif", "tiff", "heif".</summary>
    public string SourceFormat { get; }

    /// <summary>The RGB pixels, resampled (Lanczos) to the given size.</summary>
    public PixelBuffer ReadColour(int width, int height) => Read(_colour, width, height);

    /// <summary>The alpha plane resampled to the given size, or null for an opaque image.</summary>
    public PixelBuffer? ReadAlpha(int width, int height) => _alpha is null ? null : Read(_alpha, width, height);

    private static PixelBuffer Read(VipsImage image, int width, int height)
    {
        try
        {
            if (width == image.Width && height == image.Height) return PixelBuffer.FromVipsImage(image);
            using var resized = Resampler.ResizeExact(image, width, height);
            return PixelBuffer.FromVipsImage(resized);
        }
        catch (VipsException e)
        {
            // Loading is lazy: truncated or corrupt data shows up when pixels are first computed.
            throw new ImageRejectedException(ImageRejection.Undecodable, $"the image data is broken ({ImageCodec.LibVipsMessage(e)})", e);
        }
    }

    public void Dispose()
    {
        _colour.Dispose();
        _alpha?.Dispose();
    }
}
