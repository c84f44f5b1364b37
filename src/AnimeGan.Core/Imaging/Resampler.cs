using NetVips;
using VipsImage = NetVips.Image;

namespace AnimeGan.Imaging;

/// <summary>Lanczos resampling and cropping of pixel buffers (libvips does the work).</summary>
public static class Resampler
{
    public static PixelBuffer Resize(PixelBuffer pixels, int width, int height)
    {
        if (width == pixels.Width && height == pixels.Height) return pixels.Clone();
        using var source = pixels.ToVipsImage();
        using var resized = ResizeExact(source, width, height);
        return PixelBuffer.FromVipsImage(resized);
    }

    public static PixelBuffer Crop(PixelBuffer pixels, int left, int top, int width, int height)
    {
        if (left < 0 || top < 0 || width <= 0 || height <= 0 || left + width > pixels.Width || top + height > pixels.Height)
            throw new ArgumentOutOfRangeException(nameof(left), $"crop {left},{top} {width}x{height} is outside {pixels}");
        var crop = new PixelBuffer(width, height, pixels.Bands);
        var rowBytes = width * pixels.Bands;
        for (var y = 0; y < height; y++)
            pixels.Row(top + y).Slice(left * pixels.Bands, rowBytes).CopyTo(crop.Row(y));
        return crop;
    }

    /// <summary>Each <paramref name="factor"/>×<paramref name="factor"/> block averaged into one pixel; the sides must be multiples of the factor.</summary>
    public static PixelBuffer AverageBlocks(PixelBuffer pixels, int factor)
    {
        if (factor < 1 || pixels.Width % factor != 0 || pixels.Height % factor != 0)
            throw new ArgumentException($"{pixels} does not divide into {factor}x{factor} blocks", nameof(factor));
        using var source = pixels.ToVipsImage();
        // shrink is a box filter: each factor × factor block becomes its mean.
        using var shrunk = source.Shrink(factor, factor);
        return PixelBuffer.FromVipsImage(shrunk);
    }

    internal static VipsImage ResizeExact(VipsImage image, int width, int height)
    {
        var resized = image.Resize((double)width / image.Width, kernel: Enums.Kernel.Lanczos3, vscale: (double)height / image.Height);
        var (producedWidth, producedHeight) = (resized.Width, resized.Height);
        if (producedWidth == width && producedHeight == height) return resized;
        resized.Dispose();
        throw new VipsException($"resize produced {producedWidth}x{producedHeight}, wanted {width}x{height}");
    }
}
