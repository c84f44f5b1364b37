using NetVips;

namespace AnimeGan.Imaging;

/// <summary>Smoothing of pixel buffers (libvips does the work).</summary>
public static class Blur
{
    /// <summary>
    /// Gaussian blur of standard deviation <paramref name="sigma"/> pixels. The kernel ends where it
    /// falls below 1/500 of its peak, so the blur of a shape stays exactly zero a finite distance
    /// (about 3.5 σ) away from it.
    /// </summary>
    public static PixelBuffer Gaussian(PixelBuffer pixels, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        using var source = pixels.ToVipsImage();
        // Float precision: the integer kernels libvips would use for 8-bit input leave flat areas up to 8 levels off.
        using var blurred = source.Gaussblur(sigma, minAmpl: 0.002, precision: Enums.Precision.Float);
        using var rounded = blurred.Linear([1.0], [0.5], uchar: true); // the cast to 8 bits truncates
        return PixelBuffer.FromVipsImage(rounded);
    }
}
