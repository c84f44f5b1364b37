using AnimeGan.Looks;

namespace AnimeGan.Tests.Looks;

public class ColourMathTests
{
    [Fact]
    public void EveryByteSurvivesTheTripThroughLinearLight()
    {
        for (var v = 0; v < 256; v++)
            Assert.Equal(v, Srgb.LinearToByte(Srgb.ByteToLinear[v]));
    }

    [Fact]
    public void TheQuickCubeRootMatchesMathF()
    {
        for (var x = 0.008f; x < 1.2f; x += 1e-4f)
            Assert.InRange(Lab.CubeRoot(x) / MathF.Cbrt(x), 1 - 1e-6f, 1 + 1e-6f);
    }

    [Theory]
    [InlineData(255, 255, 255, 100, 0, 0)]
    [InlineData(0, 0, 0, 0, 0, 0)]
    [InlineData(255, 0, 0, 53.24, 80.09, 67.20)]
    [InlineData(0, 0, 255, 32.30, 79.19, -107.86)]
    public void LabMatchesPublishedValues(byte r, byte g, byte b, float l, float a, float bStar)
    {
        var lab = Lab.FromSrgbBytes(r, g, b);
        Assert.Equal(l, lab.X, 0.05f);
        Assert.Equal(a, lab.Y, 0.05f);
        Assert.Equal(bStar, lab.Z, 0.05f);
        var back = Lab.ToSrgb(lab);
        Assert.Equal(r / 255f, back.X, 0.002f);
        Assert.Equal(g / 255f, back.Y, 0.002f);
        Assert.Equal(b / 255f, back.Z, 0.002f);
    }
}
