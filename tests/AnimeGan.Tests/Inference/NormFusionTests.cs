using Google.Protobuf;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Quantization;
using Onnx;

namespace AnimeGan.Tests.Inference;

/// <summary>The fused-norm operator (native/norm_ops) and the rewrite that puts it in a graph.</summary>
public class NormFusionTests
{
    [Fact]
    public void TheBuildMadeTheOperatorLibrary() =>
        // g++ and cmake are on every machine this builds on: without the library the norms run unfused, slower.
        Assert.NotNull(SessionFactory.NormOpsLibrary);

    [Fact]
    public void EveryNormOfTheHayaoGeneratorIsFusedWithItsLeakyRelu()
    {
        var model = ModelProto.Load(TestData.HayaoModel);

        Assert.Equal(24, NormFusion.Rewrite(model));

        var nodes = model.Graph.Node;
        Assert.Equal(24, nodes.Count(n => n.OpType == NormFusion.NormOp && n.Domain == NormFusion.Domain));
        Assert.DoesNotContain(nodes, n => n.OpType is "ReduceMean" or "Sqrt" or "Reciprocal");
        // 20 of the 24 norms are followed by a LeakyReLU (0.2), which the operator takes in; the residual blocks' second norms are not.
        Assert.Equal(20, nodes.Count(n => n.OpType == NormFusion.NormOp && n.Attribute.Single().F is > 0.19f and < 0.21f));
        Assert.DoesNotContain(nodes, n => n.OpType == "LeakyRelu");
        Assert.Contains(model.OpsetImport, o => o.Domain == NormFusion.Domain);
    }

    [Theory]
    [InlineData("animeganv3_shinkai_37.onnx")]
    [InlineData("animeganv3_hayao_36.onnx")]
    public void EveryAdaptiveNormOfTheV3GeneratorsIsFused(string file)
    {
        var model = ModelProto.Load(Path.Combine(TestData.Models, file));
        var norms = model.Graph.Node.Count(n => n.OpType == "InstanceNormalization");

        Assert.True(norms > 0);
        Assert.Equal(norms, NormFusion.Rewrite(model));
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType is "InstanceNormalization" or "Sqrt");
        Assert.Equal(norms, model.Graph.Node.Count(n => n.OpType == NormFusion.AdaptiveNormOp));
    }

    [Theory]
    [InlineData("animeganv3_cute.onnx")] // its norms are its own: left as they are
    [InlineData("whitebox_cartoon.onnx")]
    [InlineData("esrgan_slim_x2.onnx")]
    public void AGraphWithoutSuchNormsIsLeftAsItWas(string file)
    {
        var model = ModelProto.Load(Path.Combine(TestData.Models, file));
        var before = model.ToByteArray();

        Assert.Equal(0, NormFusion.Rewrite(model));
        Assert.Equal(before, model.ToByteArray());
    }

    [Theory]
    [InlineData("animeganv2_hayao.onnx", 2)]
    [InlineData("animeganv3_shinkai_37.onnx", 2)] // of its 3: the other reads an operator of ONNX Runtime's
    [InlineData("animeganv3_cute.onnx", 0)] // its upsamplings read ONNX Runtime's own operators: left to it
    [InlineData("whitebox_cartoon.onnx", 0)]
    [InlineData("esrgan_slim_x2.onnx", 0)] // nearest-neighbour
    public void TheUpsamplingAfterAFusedNormIsFused(string file, int upsamplings)
    {
        var model = ModelProto.Load(Path.Combine(TestData.Models, file));
        var resizes = model.Graph.Node.Count(n => n.OpType == "Resize");
        NormFusion.Rewrite(model);

        Assert.Equal(upsamplings, UpsampleFusion.Rewrite(model));
        Assert.Equal(upsamplings, model.Graph.Node.Count(n => n.OpType == UpsampleFusion.Op && n.Domain == NormFusion.Domain && n.Input.Count == 1));
        Assert.Equal(resizes - upsamplings, model.Graph.Node.Count(n => n.OpType == "Resize"));
    }

    [Theory]
    [InlineData("animeganv2_hayao.onnx")]
    [InlineData("animeganv3_shinkai_37.onnx")]
    public void TheFusedGeneratorPaintsWhatTheFileSpellsWithinALevel(string file)
    {
        var picture = Picture();
        var path = Path.Combine(TestData.Models, file);
        using var fused = new ImageModel(path, settings: InferenceSettings.Default);
        using var unfused = new ImageModel(path, settings: InferenceSettings.Default with { FusedOperators = false });

        var a = fused.Run(picture);
        var b = unfused.Run(picture);

        Assert.True(a.Data.Zip(b.Data, (x, y) => Math.Abs(x - y)).Max() <= 1);
    }

    [Fact]
    public void AnInt8NormBetweenItsDequantizationAndQuantizationReadsAndWritesTheBytes()
    {
        var model = ModelProto.Load(QuantizedHayao.ModelPath);

        Assert.Equal(24, NormFusion.Rewrite(model));

        var nodes = model.Graph.Node;
        var quantized = nodes.Where(n => n.OpType == NormFusion.QuantizedNormOp).ToList();
        // 18 of the 24 sit between a DequantizeLinear and a QuantizeLinear; the rest feed an addition, an upsampling or the output in float.
        Assert.Equal(18, quantized.Count);
        Assert.Equal(6, nodes.Count(n => n.OpType == NormFusion.NormOp));
        Assert.All(quantized, n => Assert.Equal(8, n.Input.Count));
        var made = nodes.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        Assert.All(quantized, n => Assert.Equal("QuantizeLinear", made[n.Input[0]].OpType)); // a convolution's quantized output, read as bytes
    }

    [Fact]
    public void TheFusedInt8GeneratorIsAsCloseToFp32AsTheUnfusedOne()
    {
        // INT8 is an approximation either way: the fused norm computes in float what the file's graph computes
        // between quantized tensors, so the two INT8 pictures differ where rounding tips a level, and what
        // must hold is that the fused one is no further from the FP32 picture (measured 38.7 dB on held-out photos).
        var picture = Picture();
        using var fp32 = new ImageModel(TestData.HayaoModel, settings: InferenceSettings.Default);
        using var fused = new ImageModel(QuantizedHayao.ModelPath, settings: InferenceSettings.Default);
        using var unfused = new ImageModel(QuantizedHayao.ModelPath, settings: InferenceSettings.Default with { FusedOperators = false });

        var reference = fp32.Run(picture);
        var (withFusion, without) = (ImageComparison.Psnr(fused.Run(picture), reference), ImageComparison.Psnr(unfused.Run(picture), reference));

        Assert.True(withFusion >= without - 0.5, $"fused INT8 {withFusion:F2} dB from FP32, unfused {without:F2} dB");
    }

    private static PixelBuffer Picture()
    {
        using var photo = new ImageCodec().Decode(TestData.Image("group_3.jpg"));
        return photo.ReadColour(320, 208);
    }
}
