using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Quantization;
using Google.Protobuf;
using Onnx;

namespace AnimeGan.Tests.Quantization;

/// <summary>What the quantizer refuses before it spends minutes calibrating.</summary>
public class GeneratorQuantizerTests : TemporaryFolder
{
    [Fact]
    public void AnOpsetTooOldForPerChannelQuantizationIsRefusedBeforeCalibration()
    {
        var model = ModelProto.Load(TestData.HayaoModel);
        model.OpsetImport.Single(o => string.IsNullOrEmpty(o.Domain)).Version = QdqRewriter.MinimumOpset - 1;
        var old = Path.Combine(Folder, "old.onnx");
        File.WriteAllBytes(old, model.ToByteArray());

        var error = Assert.Throws<InvalidDataException>(() =>
            GeneratorQuantizer.Quantize(old, NotToBeCalibrated(), Path.Combine(Folder, "old.int8.onnx"), new QuantizationOptions()));

        Assert.Contains($"needs opset {QdqRewriter.MinimumOpset}", error.Message);
    }

    [Fact]
    public void AnOutputFolderThatCannotBeCreatedIsRefusedBeforeCalibration()
    {
        File.WriteAllText(Path.Combine(Folder, "a-file"), "");
        var output = Path.Combine(Folder, "a-file", "hayao.int8.onnx");

        var error = Assert.Throws<IOException>(() =>
            GeneratorQuantizer.Quantize(TestData.HayaoModel, NotToBeCalibrated(), output, new QuantizationOptions()));

        Assert.Contains($"cannot write {output}", error.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(50.0)]
    [InlineData(100.5)]
    public void APercentileOutsideItsRangeIsRefused(double percentile)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CalibrationSettings { Percentile = percentile }.Validate());
    }

    [Fact]
    public void PaddingWithAFloatConstantValueStaysFloatAndWeightsAConvolutionKeptInFloatSharesStay()
    {
        var model = ModelProto.Load(TestData.HayaoModel);
        var graph = model.Graph;
        var convolutions = QdqRewriter.QuantizableConvolutions(graph);
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        // The first padding in front of a convolution gets a (float) constant_value input.
        var pad = convolutions.Select(c => producers.GetValueOrDefault(c.Input[0])).First(n => n is not null && n.Is("Pad"))!;
        while (pad.Input.Count < 2) pad.Input.Add("");
        pad.Input.Add("pad_value");
        graph.Initializer.Add(TensorProto.Floats("pad_value", [], [0f]));
        // A convolution kept in float reads the same weights as the last quantized one.
        var (quantized, kept) = (convolutions[^2], convolutions[^1]);
        var keptWeight = kept.Input[1];
        kept.Input[1] = quantized.Input[1];
        var sharedWeight = quantized.Input[1];
        var ranges = QdqRewriter.ActivationsOf(convolutions).ToDictionary(t => t, _ => new ActivationRange(-1, 1));

        QdqRewriter.Rewrite(model, convolutions.Take(convolutions.Count - 1).ToList(), ranges);

        Assert.NotEqual("QuantizeLinear", graph.Node.SingleOrDefault(n => n.Output.Contains(pad.Input[0]))?.OpType);
        Assert.Contains(graph.Initializer, t => t.Name == sharedWeight);
        Assert.Contains(graph.Initializer, t => t.Name == keptWeight); // no longer read, but not one the rewrite replaced
        using (SessionFactory.Open(model.ToByteArray(), "the rewritten model", InferenceSettings.Default)) { }
    }

    private static IEnumerable<PixelBuffer> NotToBeCalibrated()
    {
        throw new InvalidOperationException("calibration started");
#pragma warning disable CS0162 // an iterator needs a yield; this one fails on its first step
        yield break;
#pragma warning restore CS0162
    }
}
