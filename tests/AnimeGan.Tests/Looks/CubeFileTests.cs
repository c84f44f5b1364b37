using AnimeGan.Looks;
using AnimeGan.Tests.Imaging;

namespace AnimeGan.Tests.Looks;

public class CubeFileTests
{
    private static Lut3D Read(string text) => CubeFile.Read(new StringReader(text), "test.cube");

    [Theory]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(33)]
    public void AnIdentityCubeLeavesPixelsUnchanged(int size)
    {
        var lut = Read(CubeText.Of(size, (r, g, b) => (r, g, b),
            "# made by a test\nTITLE \"identity\"\n\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 1.0 1.0 1.0\n"));
        var image = LookImages.Ramps();
        var original = image.Clone();

        lut.Apply(image);

        Assert.True(TestImages.MaxAbsoluteDifference(image, original) <= 1);
    }

    [Fact]
    public void ACubeThatSwapsRedAndBlueSwapsThem()
    {
        var lut = Read(CubeText.SwapRedBlue());
        var image = LookImages.Ramps();
        var original = image.Clone();

        lut.Apply(image);

        for (var i = 0; i < image.Data.Length; i += 3)
        {
            Assert.InRange(image.Data[i] - original.Data[i + 2], -1, 1);
            Assert.InRange(image.Data[i + 1] - original.Data[i + 1], -1, 1);
            Assert.InRange(image.Data[i + 2] - original.Data[i], -1, 1);
        }
    }

    [Theory]
    [InlineData("DOMAIN_MIN 0 0 0\nDOMAIN_MAX 2 2 2\n")]
    [InlineData("LUT_3D_INPUT_RANGE 0 2\n")]
    public void TheDomainScalesTheInput(string domain)
    {
        // Grid points span inputs 0–2 but hold 0–1: every input comes out halved.
        var lut = Read(CubeText.Of(5, (r, g, b) => (r, g, b), domain));
        var image = LookImages.Ramps();
        var original = image.Clone();

        lut.Apply(image);

        for (var i = 0; i < image.Data.Length; i++)
            Assert.InRange(image.Data[i] - original.Data[i] / 2.0, -1, 1);
    }

    [Theory]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 x\n", 4, "expected three numbers")]
    [InlineData("TITLE \"big\"\nLUT_3D_SIZE 70\n", 2, "LUT_3D_SIZE 70 is outside 2–65")]
    [InlineData("LUT_3D_SIZE 1\n", 1, "outside 2–65")]
    [InlineData("LUT_3D_SIZE two\n", 1, "whole number")]
    [InlineData("0 0 0\n", 1, "before LUT_3D_SIZE")]
    [InlineData("LUT_1D_SIZE 1024\n", 1, "1-D LUT")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0 0\n", 2, "expected three numbers")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n", 4, "the table ends after 3 of 2³ = 8 entries")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n1 1 1\n", 10, "more than 2³ = 8")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\nDOMAIN_MAX 1 1 1\n", 3, "after the table data started")]
    [InlineData("LUT_3D_SIZE 2\nLUT_3D_SIZE 3\n", 2, "appears twice")]
    [InlineData("DOMAIN_MIN 1 1 1\nDOMAIN_MAX 0 0 0\nLUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n", 2, "domain minimum must be below")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\nNaN 1 1\n", 9, "expected three numbers")]
    public void AMalformedCubeIsRefusedNamingTheLine(string text, int line, string problem)
    {
        var error = Assert.Throws<LutFormatException>(() => Read(text));

        Assert.Equal(line, error.Line);
        Assert.Contains($"test.cube line {line}: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void ALongBadLineIsQuotedShort()
    {
        var error = Assert.Throws<LutFormatException>(() => Read("LUT_3D_SIZE 2\n0 0 " + new string('9', 100_000) + "x\n"));
        Assert.Equal(2, error.Line);
        Assert.InRange(error.Message.Length, 60, 160);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("# only a comment\n", "no LUT_3D_SIZE")]
    public void ACubeWithoutATableIsRefused(string text, string problem)
    {
        var error = Assert.Throws<LutFormatException>(() => Read(text));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void VendorKeywordsAndInlineCommentsAreAccepted()
    {
        var lut = Read(CubeText.Of(2, (r, g, b) => (r, g, b), "LUT_IN_VIDEO_RANGE\n").Replace("0.000000 0.000000 0.000000\n", "0 0 0 # black\n"));
        Assert.Equal(2, lut.Size);
    }
}
