namespace AnimeGan.Imaging;

/// <summary>
/// How close two images of the same size are: PSNR over all bands, and SSIM (Wang et al. 2004:
/// 11×11 Gaussian window, σ 1.5, K1 0.01, K2 0.03) per band, averaged over bands.
/// </summary>
public static class ImageComparison
{
    private const int Radius = 5;
    private const double Sigma = 1.5;
    private const double C1 = 0.01 * 255 * 0.01 * 255, C2 = 0.03 * 255 * 0.03 * 255;

    /// <summary>Peak signal-to-noise ratio in dB; +∞ for identical images.</summary>
    public static double Psnr(PixelBuffer a, PixelBuffer b)
    {
        RequireSameShape(a, b);
        long squared = 0;
        for (var i = 0; i < a.Data.Length; i++)
        {
            var d = a.Data[i] - b.Data[i];
            squared += d * d;
        }
        if (squared == 0) return double.PositiveInfinity;
        var mse = (double)squared / a.Data.Length;
        return 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Mean structural similarity, 1 for identical images, over the window positions that fit inside the image.</summary>
    public static double Ssim(PixelBuffer a, PixelBuffer b)
    {
        RequireSameShape(a, b);
        if (a.Width <= 2 * Radius || a.Height <= 2 * Radius)
            throw new ArgumentException($"SSIM needs images larger than {2 * Radius + 1} pixels a side, not {a}");
        var kernel = GaussianKernel();
        var total = 0.0;
        for (var band = 0; band < a.Bands; band++)
            total += BandSsim(Plane(a, band), Plane(b, band), a.Width, a.Height, kernel);
        return total / a.Bands;
    }

    private static double BandSsim(float[] x, float[] y, int width, int height, float[] kernel)
    {
        var xx = new float[x.Length];
        var yy = new float[x.Length];
        var xy = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        var (muX, muY) = (Blur(x, width, height, kernel), Blur(y, width, height, kernel));
        var (sXX, sYY, sXY) = (Blur(xx, width, height, kernel), Blur(yy, width, height, kernel), Blur(xy, width, height, kernel));
        var sum = 0.0;
        var outWidth = width - 2 * Radius;
        var outHeight = height - 2 * Radius;
        for (var i = 0; i < muX.Length; i++)
        {
            double mx = muX[i], my = muY[i];
            var varX = sXX[i] - mx * mx;
            var varY = sYY[i] - my * my;
            var cov = sXY[i] - mx * my;
            sum += (2 * mx * my + C1) * (2 * cov + C2) / ((mx * mx + my * my + C1) * (varX + varY + C2));
        }
        return sum / ((long)outWidth * outHeight);
    }

    /// <summary>Separable Gaussian blur keeping only positions whose window lies inside the image.</summary>
    private static float[] Blur(float[] plane, int width, int height, float[] kernel)
    {
        var outWidth = width - 2 * Radius;
        var outHeight = height - 2 * Radius;
        var horizontal = new float[outWidth * height];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < outWidth; x++)
        {
            var sum = 0f;
            for (var k = 0; k < kernel.Length; k++) sum += kernel[k] * plane[y * width + x + k];
            horizontal[y * outWidth + x] = sum;
        }
        var result = new float[outWidth * outHeight];
        for (var y = 0; y < outHeight; y++)
        for (var x = 0; x < outWidth; x++)
        {
            var sum = 0f;
            for (var k = 0; k < kernel.Length; k++) sum += kernel[k] * horizontal[(y + k) * outWidth + x];
            result[y * outWidth + x] = sum;
        }
        return result;
    }

    private static float[] GaussianKernel()
    {
        var kernel = new float[2 * Radius + 1];
        for (var i = 0; i < kernel.Length; i++) kernel[i] = (float)Math.Exp(-(i - Radius) * (i - Radius) / (2 * Sigma * Sigma));
        var total = kernel.Sum();
        for (var i = 0; i < kernel.Length; i++) kernel[i] /= total;
        return kernel;
    }

    private static float[] Plane(PixelBuffer image, int band)
    {
        var plane = new float[image.Width * image.Height];
        for (int i = 0, p = band; i < plane.Length; i++, p += image.Bands) plane[i] = image.Data[p];
        return plane;
    }

    private static void RequireSameShape(PixelBuffer a, PixelBuffer b)
    {
        if (a.Width != b.Width || a.Height != b.Height || a.Bands != b.Bands)
            throw new ArgumentException($"cannot compare a {a} image with a {b} image");
    }
}
