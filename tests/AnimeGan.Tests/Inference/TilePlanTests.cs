using AnimeGan.Inference;

namespace AnimeGan.Tests.Inference;

public class TilePlanTests
{
    public static IEnumerable<int> TileStarts(int length, int tile) => TilePlan.Cover(length, tile).Select(s => s.Start);

    [Theory]
    [InlineData(480, 256)]
    [InlineData(2048, 1024)]
    [InlineData(4096, 1024)]
    [InlineData(1032, 1024)]
    public void TilesCoverTheAxisOverlapAndStayOnTheEightPixelGrid(int length, int tile)
    {
        var spans = TilePlan.Cover(length, tile);

        Assert.Equal(0, spans[0].Start);
        Assert.Equal(length, spans[^1].Start + spans[^1].Length);
        Assert.All(spans, s => Assert.Equal(0, s.Start % 8));
        Assert.All(spans, s => Assert.True(s.Length <= tile));
        for (var i = 1; i < spans.Length; i++)
            Assert.True(spans[i - 1].Start + spans[i - 1].Length - spans[i].Start >= TilePlan.DefaultOverlap, "neighbours must overlap");
    }

    [Fact]
    public void ASmallAxisIsOneTileWithoutFades()
    {
        Assert.Equal([new TileSpan(0, 512, false, false)], TilePlan.Cover(512, 1024));
    }

    [Fact]
    public void WeightsFadeOnlyTowardsNeighbours()
    {
        var spans = TilePlan.Cover(2048, 1024);

        Assert.Equal(1f, TilePlan.Weight(spans[0], 0));
        Assert.True(TilePlan.Weight(spans[0], 1023) < 0.05f);
        Assert.True(TilePlan.Weight(spans[^1], 0) < 0.05f);
        Assert.Equal(1f, TilePlan.Weight(spans[^1], 1023));
    }
}
