using AnimeGan.Imaging;

namespace AnimeGan.Tests.Imaging;

public class BicubicWarpTests
{
    [Fact]
    public void ShrinkingAFinePatternGivesItsAverageInsteadOfMoire()
    {
        // A one-pixel checkerboard reduced four times (turned a little) must come out as flat mid-grey.
        var checkerboard = new PixelBuffer(256, 256, 1);
        for (var y = 0; y < 256; y++)
        for (var x = 0; x < 256; x++)
            checkerboard.Row(y)[x] = (byte)((x + y) % 2 == 0 ? 255 : 0);
        var quarter = SimilarityTransform.SquareCrop(new System.Numerics.Vector2(128, 128), 256, 0.1f, 64);

        var small = BicubicWarp.Warp(checkerboard, quarter, 8, 8, 48, 48);

        Assert.All(small.Data, value => Assert.InRange(value, 112, 143));
    }

    [Fact]
    public void AnIdentityWarpCopiesThePixels()
    {
        var image = new PixelBuffer(16, 12, 3);
        new Random(7).NextBytes(image.Data);

        var copy = BicubicWarp.Warp(image, new SimilarityTransform(1, 0, 0, 0), 0, 0, 16, 12);

        Assert.Equal(image.Data, copy.Data);
    }
}
