using System.Diagnostics;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Pipeline;
using AnimeGan.Quantization.Onnx;

namespace AnimeGan.Quantization;

public sealed record QuantizationOptions
{
    public CalibrationSettings Calibration { get; init; } = new();

    /// <summary>Convolutions left in float, named by their output tensor.</summary>
    public IReadOnlySet<string> KeepFloat { get; init; } = new HashSet<string>();

    public InferenceSettings Inference { get; init; } = InferenceSettings.Default;
}

/// <summary>What <see cref="GeneratorQuantizer.Quantize"/> did.</summary>
public sealed record QuantizationReport(
    string OutputPath,
    int QuantizedConvolutions,
    IReadOnlyList<string> FloatConvolutions,
    int CalibrationImages,
    string Calibration,
    TimeSpan Elapsed);

/// <summary>
/// Static INT8 quantization of a generator: calibrate the activations on photos, rewrite the
/// convolutions as QDQ, stamp where the model came from, write it, and check that it loads.
/// </summary>
public static class GeneratorQuantizer
{
    /// <summary>sha256 of the float model the quantized one was made from.</summary>
    public const string SourceSha256Key = "animegan.quantized_from_sha256";
    public const string CalibrationKey = "animegan.calibration";

    public static QuantizationReport Quantize(string modelPath, IEnumerable<PixelBuffer> calibrationImages, string outputPath,
        QuantizationOptions options, IProgress<int>? progress = null)
    {
        var started = Stopwatch.GetTimestamp();
        var model = ModelProto.Load(modelPath);
        var all = QdqRewriter.QuantizableConvolutions(model.Graph);
        if (all.Count == 0) throw new InvalidDataException($"{Path.GetFileName(modelPath)} has no convolution with constant float weights to quantize");
        var unknown = options.KeepFloat.Except(all.Select(c => c.Output[0])).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"no convolution outputs {string.Join(", ", unknown)}; convolutions are named by their output tensor");
        var convolutions = all.Where(c => !options.KeepFloat.Contains(c.Output[0])).ToList();
        if (convolutions.Count == 0) throw new ArgumentException("--keep-float names every convolution; nothing is left to quantize");

        var (ranges, images) = Calibrator.Measure(model, QdqRewriter.ActivationsOf(convolutions), calibrationImages,
            options.Calibration, options.Inference, progress);
        QdqRewriter.Rewrite(model, convolutions, ranges);

        var calibration = Describe(options.Calibration, images);
        model.SetMetadata(SourceSha256Key, Models.ModelStore.Sha256Of(modelPath));
        model.SetMetadata(CalibrationKey, calibration);
        WriteAtomically(outputPath, model.ToBytes());
        // Fail here, not at the first conversion, if the runtime rejects the graph.
        using (SessionFactory.Open(outputPath, options.Inference)) { }

        return new QuantizationReport(outputPath, convolutions.Count, all.Except(convolutions).Select(c => c.Output[0]).ToList(),
            images, calibration, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Photos decoded one at a time at the calibration size, the way conversion sizes them.</summary>
    public static IEnumerable<PixelBuffer> LoadPhotos(IEnumerable<string> paths, int size, ImageCodec codec)
    {
        foreach (var path in paths)
        {
            using var photo = codec.Decode(path);
            var (width, height) = WorkingSize.For(photo.Width, photo.Height, size);
            yield return photo.ReadColour(width, height);
        }
    }

    private static string Describe(CalibrationSettings settings, int images) =>
        $"{settings.Describe()} over {images} photo{(images == 1 ? "" : "s")} at {settings.Size} px";

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.partial");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
