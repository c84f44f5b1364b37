using AnimeGan.Imaging;
using AnimeGan.Tests.Imaging;

namespace AnimeGan.Tests.Looks;

/// <summary>Pictures for the look tests, and the measures they compare (see also <see cref="TestImages"/>).</summary>
internal static class LookImages
{
    /// <summary>A shared test photo resampled to the given size.</summary>
    public static PixelBuffer Photo(string name, int width, int height)
    {
        using var photo = new ImageCodec().Decode(TestData.Image(name));
        return photo.ReadColour(width, height);
    }

    /// <summary>Every 8-bit value of every channel, in many combinations: 256 × 256 pixels.</summary>
    public static PixelBuffer Ramps()
    {
        var image = new PixelBuffer(256, 256, 3);
        for (var y = 0; y < 256; y++)
        for (var x = 0; x < 256; x++)
        {
            var i = (y * 256 + x) * 3;
            (image.Data[i], image.Data[i + 1], image.Data[i + 2]) = ((byte)x, (byte)y, (byte)((x * 7 + y * 13) & 255));
        }
        return image;
    }

    public static double Mean(PixelBuffer image, int channel)
    {
        long sum = 0;
        for (var i = channel; i < image.Data.Length; i += image.Bands) sum += image.Data[i];
        return (double)sum / (image.Width * image.Height);
    }

    /// <summary>Mean squared 4-neighbour Laplacian of the green channel: the image's high-frequency energy.</summary>
    public static double HighFrequencyEnergy(PixelBuffer image)
    {
        double sum = 0;
        for (var y = 1; y < image.Height - 1; y++)
        for (var x = 1; x < image.Width - 1; x++)
        {
            int At(int dx, int dy) => image.Row(y + dy)[(x + dx) * 3 + 1];
            double laplacian = 4 * At(0, 0) - At(-1, 0) - At(1, 0) - At(0, -1) - At(0, 1);
            sum += laplacian * laplacian;
        }
        return sum / ((image.Width - 2) * (image.Height - 2));
    }
}
