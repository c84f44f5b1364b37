using System.Diagnostics;
using System.Security.Cryptography;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.IO;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using Google.Protobuf;
using Onnx;

namespace AnimeGan.Quantization;

public sealed record QuantizationOptions
{
    public CalibrationSettings Calibration { get; init; } = new();

    /// <summary>Convolutions left in float, named by their output tensor.</summary>
    public IReadOnlySet<string> KeepFloat { get; init; } = new HashSet<string>();

    public InferenceSettings Inference { get; init; } = InferenceSettings.Default;

    /// <summary>How the model takes pixels (value range, channel order): calibration feeds it as conversion will.</summary>
    public ModelContract Contract { get; init; } = ModelContract.Generator;
}

/// <summary>What <see cref="GeneratorQuantizer.Quantize"/> did.</summary>
public sealed record QuantizationReport(
    string OutputPath,
    int QuantizedConvolutions,
    IReadOnlyList<string> FloatConvolutions,
    string Calibration,
    TimeSpan Elapsed);

/// <summary>
/// Static INT8 quantization of a generator: calibrate the activations on photos, rewrite the
/// convolutions as QDQ, stamp where the model came from, check that it loads, and write it.
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
        if (SamePath(modelPath, outputPath))
            throw new ArgumentException($"the output {outputPath} is the float model itself; writing the INT8 model there would overwrite it");
        var floatModel = File.ReadAllBytes(modelPath);
        var sourceSha256 = Convert.ToHexStringLower(SHA256.HashData(floatModel));
        var model = ModelProto.Parse(floatModel);
        // Everything that can be known before calibration is checked first: calibrating takes minutes.
        QdqRewriter.RequireOpset(model);
        var all = QdqRewriter.QuantizableConvolutions(model.Graph);
        if (all.Count == 0) throw new InvalidDataException($"{Path.GetFileName(modelPath)} has no convolution with constant float weights to quantize");
        var unknown = options.KeepFloat.Except(all.Select(c => c.Output[0])).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"no convolution outputs {string.Join(", ", unknown)}; convolutions are named by their output tensor");
        var convolutions = all.Where(c => !options.KeepFloat.Contains(c.Output[0])).ToList();
        if (convolutions.Count == 0) throw new ArgumentException("--keep-float names every convolution; nothing is left to quantize");
        AtomicFile.RequireWritable(outputPath);

        var (ranges, images) = Calibrator.Measure(model, QdqRewriter.ActivationsOf(convolutions), calibrationImages,
            options.Calibration, options.Inference, options.Contract, progress);
        QdqRewriter.Rewrite(model, convolutions, ranges);

        var calibration = Describe(options.Calibration, images);
        model.SetMetadata(SourceSha256Key, sourceSha256);
        model.SetMetadata(CalibrationKey, calibration);
        var quantized = model.ToByteArray();
        // Fail here, not at the first conversion, if the runtime rejects the graph; and before writing, so no broken file is left.
        using (SessionFactory.Open(quantized, Path.GetFileName(outputPath), options.Inference)) { }
        AtomicFile.Write(outputPath, quantized);

        var keptFloat = all.Except<NodeProto>(convolutions, ReferenceEqualityComparer.Instance).Select(c => c.Output[0]).ToList();
        return new QuantizationReport(outputPath, convolutions.Count, keptFloat, calibration, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Photos decoded one at a time at the calibration size, the way conversion sizes them for a model
    /// of that <paramref name="sizeMultiple"/>. A photo that cannot be decoded is passed to
    /// <paramref name="skipped"/> and left out; none at all is an error.
    /// </summary>
    public static IEnumerable<PixelBuffer> LoadPhotos(IEnumerable<string> paths, int size, ImageCodec codec, int sizeMultiple = 8,
        Action<string, ImageRejectedException>? skipped = null)
    {
        var (loaded, rejected) = (0, 0);
        foreach (var path in paths)
        {
            PixelBuffer pixels;
            try
            {
                using var photo = codec.Decode(path);
                var (width, height) = WorkingSize.For(photo.Width, photo.Height, size, sizeMultiple);
                pixels = photo.ReadColour(width, height);
            }
            catch (ImageRejectedException e)
            {
                rejected++;
                skipped?.Invoke(path, e);
                continue;
            }
            loaded++;
            yield return pixels;
        }
        if (loaded == 0)
            throw new ArgumentException(rejected switch
            {
                0 => "calibration needs at least one photo",
                1 => "the only calibration photo could not be decoded; calibration needs at least one",
                _ => $"none of the {rejected} calibration photos could be decoded; calibration needs at least one",
            });
    }

    private static string Describe(CalibrationSettings settings, int images) =>
        $"{settings.Describe()} over {images} photo{(images == 1 ? "" : "s")} at {settings.Size} px";

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}
