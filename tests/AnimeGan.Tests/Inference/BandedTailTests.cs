using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Pipeline;
using AnimeGan.Quantization;
using Onnx;
using ElementType = Onnx.TensorProto.Types.DataType;

namespace AnimeGan.Tests.Inference;

/// <summary>A generator's full-resolution tail cut from its graph (<see cref="TailPlan"/>) and run a band of rows at a time (<see cref="BandedTail"/>).</summary>
public class BandedTailTests
{
    [Fact]
    public void TheHayaoTailIsCutAtItsNormsFromTheLastUpsampling()
    {
        var plan = TailPlan.Cut(Fused(TestData.HayaoModel));

        Assert.NotNull(plan);
        // Resize ×2 → Pad → Conv 3×3 (128 → 64) | norm → Pad → Conv 3×3 | norm → Pad 3 → Conv 7×7 (→ 32) | norm → Conv 1×1 → Tanh.
        Assert.Equal([2, 1, 1, 1], plan.Segments.Select(s => s.Scale));
        Assert.Equal([3, 1, 3, 0], plan.Segments.Select(s => s.Halo));
        Assert.Equal([128, 64, 64, 32], plan.Segments.Select(s => s.Channels));
        Assert.Null(plan.Segments[0].Norm); // the head's output is already normalized
        Assert.All(plan.Segments.Skip(1), s => Assert.Equal(0.2f, s.Norm!.Alpha, 3));
        Assert.All(plan.Segments, s => Assert.Equal(ElementType.Float, s.Output.Type));
        var head = ModelProto.Parser.ParseFrom(plan.Head).Graph;
        Assert.Single(head.Node, n => n.OpType == UpsampleFusion.Op); // the first of the two upsamplings
        Assert.Equal(24 - 3, head.Node.Count(n => n.OpType == NormFusion.NormOp));
        Assert.Equal(head.Node.Last().Output[0], head.Output.Single().Name);
    }

    [Fact]
    public void TheInt8TailKeepsItsTensorsAsTheBytesTheGraphQuantizesThemTo()
    {
        var plan = TailPlan.Cut(Fused(QuantizedHayao.ModelPath));

        Assert.NotNull(plan);
        Assert.Equal([ElementType.Uint8, ElementType.Uint8, ElementType.Uint8, ElementType.Float], plan.Segments.Select(s => s.Output.Type));
        Assert.All(plan.Segments.SkipLast(1), s => Assert.True(s.Output.Scale > 0));
    }

    [Theory]
    [InlineData("animeganv3_shinkai_37.onnx")] // its tail adds a full-resolution tensor of the head's (a skip connection)
    [InlineData("animeganv3_cute.onnx")]
    [InlineData("whitebox_cartoon.onnx")]
    public void AGraphWithoutSuchATailRunsWhole(string file)
    {
        var path = Path.Combine(TestData.Models, file);

        Assert.Null(TailPlan.Cut(SessionFactory.FusedGraph(path, InferenceSettings.Default) ?? ModelProto.Load(path)));
        using var generator = new ImageModel(path, settings: InferenceSettings.Default);
        Assert.False(generator.RunsBanded(2048 * 1024));
    }

    [Fact]
    public void TheBandedHayaoPaintsTheWholeRunsPicture() =>
        // 1000×528: no band ends where the picture does, and each piece has bands of its own height.
        AssertSamePicture(TestData.HayaoModel, 1000, 528);

    [Fact]
    public void TheBandedInt8HayaoPaintsTheWholeRunsPicture() => AssertSamePicture(QuantizedHayao.ModelPath, 1024, 512);

    [Fact]
    public void ASmallPictureRunsWhole()
    {
        using var generator = new ImageModel(TestData.HayaoModel, settings: InferenceSettings.Default);

        Assert.False(generator.RunsBanded(512 * 512));
        Assert.True(generator.RunsBanded(BandedTail.MinimumPixels));
    }

    [Fact]
    public void ACancelledBandedRunStops()
    {
        using var generator = new ImageModel(TestData.HayaoModel, settings: InferenceSettings.Default);
        using var cancellation = new CancellationTokenSource();

        // Cancelled at the run's first progress tick (its own thread, a quarter second in): no timer that a busy pool could hold back.
        Assert.ThrowsAny<OperationCanceledException>(() =>
            generator.Run(Picture(1024, 512), new InlineProgress<double>(_ => cancellation.Cancel()), cancellation.Token));
        Assert.True(generator.RunsBanded(1024 * 512));
    }

    private static void AssertSamePicture(string model, int width, int height)
    {
        var picture = Picture(width, height);
        using var banded = new ImageModel(model, settings: InferenceSettings.Default);
        using var whole = new ImageModel(model, settings: InferenceSettings.Default with { BandedTail = false });

        Assert.True(banded.RunsBanded(width * height));
        Assert.False(whole.RunsBanded(width * height));
        var a = banded.Run(picture);
        var b = whole.Run(picture);

        // The norms' sums are added up in another order than the fused operator's: a level may tip, rarely.
        var differences = a.Data.Zip(b.Data, (x, y) => Math.Abs(x - y)).ToArray();
        Assert.True(differences.Max() <= 1, $"largest difference {differences.Max()}");
        Assert.True(differences.Count(d => d > 0) < differences.Length / 1000, $"{differences.Count(d => d > 0)} values differ");
    }

    /// <summary>The graph as the product's sessions run it: norms and upsampling fused.</summary>
    private static ModelProto Fused(string path) => SessionFactory.FusedGraph(path, InferenceSettings.Default)!;

    private static PixelBuffer Picture(int width, int height)
    {
        using var photo = new ImageCodec().Decode(TestData.Image("scene_1.jpg"));
        return photo.ReadColour(width, height);
    }
}
