using AnimeGan.Imaging;

namespace AnimeGan.Benchmarking;

/// <summary>
/// A deterministic photo-like picture (a sky gradient, hills, a sun, fine noise) for benchmarks run
/// without a photo of the user's: the model costs the same on any content, the codecs nearly so.
/// </summary>
public static class SyntheticPhoto
{
    public static PixelBuffer Create(int width, int height)
    {
        var image = new PixelBuffer(width, height, 3);
        var random = new Random(20240601);
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                var u = (double)x / width;
                var v = (double)y / height;
                var hill = 0.6 + 0.08 * Math.Sin(u * 9) + 0.05 * Math.Sin(u * 23 + 1);
                var sun = Math.Exp(-((u - 0.7) * (u - 0.7) + (v - 0.25) * (v - 0.25)) * 60);
                var (r, g, b) = v > hill
                    ? (60 + 40 * Math.Sin(u * 40) * Math.Sin(v * 30), 120 + 50 * v, 50.0)
                    : (110 + 120 * v + 130 * sun, 160 + 60 * v + 110 * sun, 235 - 40 * v + 20 * sun);
                var noise = random.Next(-6, 7);
                row[3 * x] = ToByte(r + noise);
                row[3 * x + 1] = ToByte(g + noise);
                row[3 * x + 2] = ToByte(b + noise);
            }
        }
        return image;
    }

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
