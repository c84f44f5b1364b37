using NetVips;
using VipsImage = NetVips.Image;

namespace AnimeGan.Imaging;

/// <summary>
/// Resampling and cropping of pixel buffers (libvips does the work). Reductions use the Lanczos-3 kernel;
/// enlargements are bicubic with pixel centres kept in line (see <see cref="ResizeExact"/>).
/// </summary>
public static class Resampler
{
    public static PixelBuffer Resize(PixelBuffer pixels, int width, int height)
    {
        if (width == pixels.Width && height == pixels.Height) return pixels.Clone();
        using var source = pixels.ToVipsImage();
        using var resized = ResizeExact(source, width, height);
        return PixelBuffer.FromVipsImage(resized);
    }

    /// <summary>
    /// An enlargement with the Lanczos-3 filter, by ImageMagick (libvips has no Lanczos interpolator for
    /// enlarging; its kernels are for reductions): sharper than bicubic, pixel centres in line.
    /// </summary>
    public static PixelBuffer EnlargeLanczos(PixelBuffer pixels, int width, int height)
    {
        if (pixels.Bands != 3) throw new ArgumentException($"an RGB picture is needed, not {pixels}", nameof(pixels));
        using var image = new ImageMagick.MagickImage(pixels.Data, new ImageMagick.MagickReadSettings
        {
            Format = ImageMagick.MagickFormat.Rgb, Width = (uint)pixels.Width, Height = (uint)pixels.Height, Depth = 8,
        });
        image.FilterType = ImageMagick.FilterType.Lanczos;
        image.Resize(new ImageMagick.MagickGeometry((uint)width, (uint)height) { IgnoreAspectRatio = true });
        return new PixelBuffer(width, height, 3, image.ToByteArray(ImageMagick.MagickFormat.Rgb));
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

    /// <summary>
    /// The image at exactly <paramref name="width"/> × <paramref name="height"/>: reduced (Lanczos-3) along
    /// the axes that shrink, then enlarged along the axes that grow. vips_resize enlarges with its pixel
    /// corners in line, which shifts the picture by half an output pixel (a ramp 5, 25, 45 doubled comes
    /// back as 5, 13.8, 25 where 10, 20, 30 belong); the enlargement is an affine transform that keeps the
    /// pixel centres in line instead: output x + ½ = scale · (input x + ½).
    /// </summary>
    internal static VipsImage ResizeExact(VipsImage image, int width, int height)
    {
        var (horizontal, vertical) = ((double)width / image.Width, (double)height / image.Height);
        using var reduced = horizontal < 1 || vertical < 1
            ? image.Resize(Math.Min(1, horizontal), kernel: Enums.Kernel.Lanczos3, vscale: Math.Min(1, vertical))
            : image.Copy();
        var resized = horizontal > 1 || vertical > 1
            ? reduced.Affine([Math.Max(1, horizontal), 0, 0, Math.Max(1, vertical)], interpolate: Bicubic.Value,
                idx: 0.5, idy: 0.5, odx: -0.5, ody: -0.5, oarea: [0, 0, width, height], extend: Enums.Extend.Copy)
            : reduced.Copy();
        var (producedWidth, producedHeight) = (resized.Width, resized.Height);
        if (producedWidth == width && producedHeight == height) return resized;
        resized.Dispose();
        throw new VipsException($"resize produced {producedWidth}x{producedHeight}, wanted {width}x{height}");
    }

    private static readonly Lazy<Interpolate> Bicubic = new(() => Interpolate.NewFromName("bicubic"));
}
