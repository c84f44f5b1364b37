using AnimeGan.Pipeline;

namespace AnimeGan.Tests.Pipeline;

public class WorkingSizeTests
{
    [Theory]
    [InlineData(4000, 3000, 1024, 1024, 768)]
    [InlineData(3000, 4000, 1024, 768, 1024)]
    [InlineData(256, 256, 1024, 256, 256)]
    [InlineData(1000, 10, 512, 512, 8)]
    [InlineData(3, 3, 1024, 8, 8)]
    [InlineData(1920, 1080, 1000, 1000, 560)]
    public void CapsTheLongSideAndRoundsToMultiplesOfEight(int width, int height, int cap, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), WorkingSize.For(width, height, cap));
    }

    [Theory]
    [InlineData(4032, 3024)]
    [InlineData(1234, 567)]
    [InlineData(601, 1999)]
    public void KeepsTheAspectRatio(int width, int height)
    {
        var (w, h) = WorkingSize.For(width, height, 1024);

        Assert.True(Math.Max(w, h) <= 1024);
        Assert.Equal(0, w % 8);
        Assert.Equal(0, h % 8);
        Assert.InRange((double)w / h, (double)width / height * 0.97, (double)width / height * 1.03);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(100_000)]
    public void RefusesCapsOutsideTheSupportedRange(int cap)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkingSize.For(100, 100, cap));
    }
}
