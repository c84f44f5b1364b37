using AnimeGan.Imaging;
using AnimeGan.Quantization;
using AnimeGan.Quantization.Onnx;

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
        File.WriteAllBytes(old, model.ToBytes());

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

    private static IEnumerable<PixelBuffer> NotToBeCalibrated()
    {
        throw new InvalidOperationException("calibration started");
#pragma warning disable CS0162 // an iterator needs a yield; this one fails on its first step
        yield break;
#pragma warning restore CS0162
    }
}
