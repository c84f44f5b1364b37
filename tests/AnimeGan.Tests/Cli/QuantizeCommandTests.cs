using System.Text.RegularExpressions;
using AnimeGan.Quantization;
using Onnx;

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

    [Fact]
    public void AMissingCalibrationFolderIsRefused()
    {
        AssertRefused(Quantize(Path.Combine(Folder, "nowhere")), "--calibrate needs a folder of photos");
    }

    [Fact]
    public void AnEmptyCalibrationFolderIsRefused()
    {
        AssertRefused(Quantize(Photos()), "no photos in");
    }

    [Fact]
    public void ACalibrationFolderWithOnlyATextFileNamedJpgIsRefused()
    {
        var folder = Photos();
        File.WriteAllText(Path.Combine(folder, "notes.jpg"), "not a photo");

        var result = Quantize(folder);

        AssertRefused(result, "no photos in");
        Assert.Contains("skipping", result.StdErr);
        Assert.Contains("notes.jpg: not an image", result.StdErr);
    }

    [Fact]
    public void ACalibrationFolderWhosePhotosCannotBeDecodedIsRefused()
    {
        var folder = Photos();
        Truncated("face_2.jpg", folder);

        var result = Quantize(folder);

        AssertRefused(result, "the only calibration photo could not be decoded");
        Assert.Contains("warning: skipping", result.StdErr);
    }

    [Fact]
    public void AnUndecodablePhotoIsSkippedWithAWarningAndTheOthersCalibrate()
    {
        var folder = Photos("face_1.jpg");
        Truncated("face_2.jpg", folder);
        var output = Path.Combine(Folder, "out", "hayao.int8.onnx");

        var result = Quantize(folder, "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("face_2.jpg", result.StdErr);
        Assert.Contains("over 1 photo at 64 px", result.StdOut);
        Assert.True(File.Exists(output));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.partial"));
    }

    [Fact]
    public void KeepingAConvolutionThatDoesNotExistIsRefused()
    {
        AssertRefused(Quantize(Photos("face_1.jpg"), "--keep-float", "no_such_tensor"), "no convolution outputs no_such_tensor");
    }

    [Fact]
    public void AnOutputThatCannotBeWrittenIsRefusedBeforeCalibration()
    {
        File.WriteAllText(Path.Combine(Folder, "a-file"), "");

        var result = Quantize(Photos("face_1.jpg"), "--out", Path.Combine(Folder, "a-file", "hayao.int8.onnx"));

        AssertRefused(result, "cannot write", exitCode: 1);
        Assert.DoesNotContain("1/1", result.StdErr); // no photo was calibrated
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("50")]
    public void APercentileOutsideItsRangeIsAUsageError(string percentile)
    {
        AssertRefused(Quantize(Photos("face_1.jpg"), "--percentile", percentile), $"--percentile must be above 50 and at most 100, not {percentile}");
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

    /// <summary>The first half of a shared photo: a JPEG by its header, broken in its data.</summary>
    private static void Truncated(string name, string folder)
    {
        var whole = File.ReadAllBytes(TestData.Image(name));
        File.WriteAllBytes(Path.Combine(folder, name), whole[..(whole.Length / 2)]);
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
