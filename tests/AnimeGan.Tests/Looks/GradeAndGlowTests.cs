using AnimeGan.Options;
using AnimeGan.Looks;
using AnimeGan.Tests.Imaging;

namespace AnimeGan.Tests.Looks;

public class GradeAndGlowTests
{
    [Fact]
    public void TheShinkaiGradeCoolsAGreyCardAndKeepsItsSize()
    {
        var card = TestImages.Solid(120, 80, 128, 128, 128);

        var graded = new LookSettings { Grade = LookGrade.Shinkai }.Apply(card, card);

        Assert.Equal((120, 80), (graded.Width, graded.Height));
        Assert.True(LookImages.Mean(graded, 2) > 128 + 2, $"blue mean {LookImages.Mean(graded, 2):F1}");
        Assert.True(LookImages.Mean(graded, 0) < LookImages.Mean(graded, 2), "red must fall below blue");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    public void TheShinkaiGradeKeepsBlackAndWhite(byte level)
    {
        var card = TestImages.Solid(16, 16, level, level, level);
        var graded = card.Clone();

        ShinkaiGrade.Instance.Apply(graded);

        Assert.True(TestImages.MaxAbsoluteDifference(card, graded) <= 2);
    }

    [Fact]
    public void GlowSpreadsFromHighlightsAndLeavesDarkFarAwayPixelsAlone()
    {
        var image = TestImages.Solid(512, 256, 40, 40, 60);
        for (var y = 96; y < 160; y++)
        for (var x = 96; x < 160; x++)
            (image.Row(y)[x * 3], image.Row(y)[x * 3 + 1], image.Row(y)[x * 3 + 2]) = (250, 245, 235);
        var original = image.Clone();

        new Glow(1).Apply(image);

        Assert.True(image.Row(128)[170 * 3] > original.Row(128)[170 * 3] + 10, "a pixel beside the highlight brightens");
        Assert.Equal(original.Row(128)[480 * 3], image.Row(128)[480 * 3]);
        Assert.True(image.Row(128)[128 * 3] >= original.Row(128)[128 * 3], "the highlight itself never darkens");
    }

    [Fact]
    public void GlowLeavesAnImageWithoutHighlightsExactlyAsItWas()
    {
        var image = TestImages.Solid(300, 200, 90, 100, 110);
        var original = image.Clone();

        new Glow(ConversionOptions.Glow.Max).Apply(image);

        Assert.Equal(original.Data, image.Data);
    }
}
