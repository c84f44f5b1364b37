using AnimeGan.Imaging.Vips;

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
        using var source = VipsImage.FromPixels(pixels);
        using var blurred = source.GaussianBlur(sigma, 0.002);
        using var rounded = blurred.Linear(1, 0.5); // the cast to 8 bits truncates
        return rounded.ToPixels();
    }
}
