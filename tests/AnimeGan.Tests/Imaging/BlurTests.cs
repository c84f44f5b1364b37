using AnimeGan.Imaging;

namespace AnimeGan.Tests.Imaging;

public class BlurTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(2.1)]
    [InlineData(10.0)]
    public void AFlatAreaStaysExactAndTheBlurEndsAFiniteDistanceAway(double sigma)
    {
        var image = new PixelBuffer(200, 1, 1);
        image.Row(0)[100..].Fill(255);

        var blurred = Blur.Gaussian(image, sigma);

        var row = blurred.Row(0);
        var reach = (int)Math.Ceiling(3.6 * sigma) + 1;
        Assert.Equal(255, row[100 + reach]);
        Assert.Equal(0, row[100 - reach - 1]);
        // Symmetric about the edge, which lies between pixels 99 and 100.
        Assert.InRange(row[99] + row[100], 253, 257);
    }
}
