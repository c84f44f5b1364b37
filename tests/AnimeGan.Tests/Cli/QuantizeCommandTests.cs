using System.Text.RegularExpressions;
using AnimeGan.Quantization;
using AnimeGan.Quantization.Onnx;

namespace AnimeGan.Tests.Cli;

/// <summary>`animegan models quantize` on bad input: a clear message, the usage exit code, and no file left behind.</summary>
public class QuantizeCommandTests : TemporaryFolder
{
    private readonly string _models;
    private readonly string _floatModel;

    public QuantizeCommandTests()
    {
        // A private model folder: the INT8 model goes to the first model directory by default, never the shared one.
        _models = Directory.CreateDirectory(Path.Combine(Folder, "models")).FullName;
        _floatModel = Path.Combine(_models, Path.GetFileName(TestData.HayaoModel));
        File.Copy(TestData.HayaoModel, _floatModel);
    }

    [Fact]
    public void KeepingEveryConvolutionInFloatIsRefusedAsNothingToQuantize()
    {
        var everyConvolution = QdqRewriter.QuantizableConvolutions(ModelProto.Load(TestData.HayaoModel).Graph).Select(c => c.Output[0]);

        var result = Quantize(Photos("face_1.jpg"), ["--keep-float", .. everyConvolution]);

        AssertRefused(result, "--keep-float names every convolution; nothing is left to quantize");
        Assert.DoesNotContain("output should be requested", result.StdErr);
    }

    [Fact]
    public void WritingOverTheFloatModelIsRefused()
    {
        var result = Quantize(Photos("face_1.jpg"), "--out", _floatModel);

        AssertRefused(result, "is the float model itself");
        Assert.Equal(File.ReadAllBytes(TestData.HayaoModel), File.ReadAllBytes(_floatModel));
    }

    private CliResult Quantize(string calibrationFolder, params string[] options) =>
        CliRunner.Run(Folder, ["models", "quantize", "--models", _models, "--calibrate", calibrationFolder, "--calibration-size", "64", .. options]);

    /// <summary>A calibration folder holding the named shared photos.</summary>
    private string Photos(params string[] names)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "photos")).FullName;
        foreach (var name in names) File.Copy(TestData.Image(name), Path.Combine(folder, name));
        return folder;
    }

    private void AssertRefused(CliResult result, string message, int exitCode = 2)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        // The console wraps long lines at word boundaries.
        Assert.Contains(message, Regex.Replace(result.StdErr, @"\s+", " "));
        Assert.DoesNotContain("   at ", result.StdErr);
        AssertNothingLeftBehind();
    }

    private void AssertNothingLeftBehind()
    {
        var left = Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".int8.onnx", StringComparison.Ordinal) || f.EndsWith(".partial", StringComparison.Ordinal));
        Assert.Empty(left);
    }
}
