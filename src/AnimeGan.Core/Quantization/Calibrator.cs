using System.Numerics.Tensors;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using ElementType = Onnx.TensorProto.Types.DataType;

namespace AnimeGan.Quantization;

public sealed record CalibrationSettings
{
    /// <summary>
    /// Each image's range runs from the (100 − p)th to the pth percentile of a tensor's values; 100 is
    /// min–max. Ignoring the rarest outliers leaves more of the 256 levels for the values that matter.
    /// </summary>
    public double Percentile { get; init; } = 99.99;

    public const string PercentileBounds = "above 50 and at most 100";

    /// <summary>Whether a percentile is usable: written so that NaN is not.</summary>
    public static bool IsValidPercentile(double percentile) => percentile is > 50 and <= 100;

    /// <summary>Calibration keeps the tensors it measures in memory; one run holds at most this many bytes of them.</summary>
    public long MemoryBudgetBytes { get; init; } = 256L << 20;

    public string Describe() => Percentile >= 100 ? "min-max" : $"percentile {Percentile}";

    /// <summary>Long side the photos are resampled to, as conversion would (multiples of 8).</summary>
    public int Size { get; init; } = 512;

    public void Validate()
    {
        if (!IsValidPercentile(Percentile)) throw new ArgumentOutOfRangeException(nameof(Percentile), Percentile, $"the percentile must be {PercentileBounds}");
        if (Size is < 64 or > 2048) throw new ArgumentOutOfRangeException(nameof(Size), Size, "the calibration size must be 64 to 2048");
        if (MemoryBudgetBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MemoryBudgetBytes), MemoryBudgetBytes, "the memory budget must be positive");
    }
}

/// <summary>
/// Measures the ranges of chosen intermediate tensors by running the float graph with those tensors
/// added as graph outputs. Each image gives a range per tensor (percentiles, or min–max); the
/// calibrated range covers every image's range. A run returns only as many tensors as fit the memory
/// budget, so a large image takes several runs rather than gigabytes.
/// </summary>
public static class Calibrator
{
    private const int HistogramBins = 4096;

    /// <summary>The range of each tensor over all images, and how many images there were.</summary>
    public static (IReadOnlyDictionary<string, ActivationRange> Ranges, int Images) Measure(ModelProto model, IReadOnlyCollection<string> tensors,
        IEnumerable<PixelBuffer> images, CalibrationSettings settings, InferenceSettings inference, ModelContract contract, IProgress<int>? progress = null)
    {
        settings.Validate();
        using var session = SessionFactory.Open(WithOutputs(model, tensors), "the calibration graph", inference);
        var signature = ModelSignature.Read(session);
        var imageTensors = new ImageTensors(contract, signature.Layout);
        using var runOptions = new RunOptions();
        var elementsPerPixel = ElementsPerInputPixel(session, signature, runOptions, tensors);
        var ranges = new Dictionary<string, ActivationRange>();
        var done = 0;
        foreach (var photo in images)
        {
            var image = signature is { FixedWidth: int width, FixedHeight: int height } ? Resampler.Resize(photo, width, height) : photo;
            var input = new float[image.Data.Length];
            imageTensors.Write(image, input);
            using var inputValue = OrtValue.CreateTensorValueFromMemory(input, signature.Shape(image.Height, image.Width));
            foreach (var group in Batches(tensors, elementsPerPixel, (long)image.Width * image.Height, settings.MemoryBudgetBytes))
            {
                using var outputs = session.Run(runOptions, [signature.InputName], [inputValue], group);
                for (var i = 0; i < group.Length; i++)
                {
                    var range = RangeOf(outputs[i].GetTensorDataAsSpan<float>(), settings.Percentile);
                    ranges[group[i]] = ranges.TryGetValue(group[i], out var before) ? before.Union(range) : range;
                }
            }
            done++;
            progress?.Report(done);
        }
        if (done == 0) throw new ArgumentException("calibration needs at least one image", nameof(images));
        return (ranges, done);
    }

    /// <summary>
    /// How many values each tensor holds per input pixel, from one run on a small blank image: in a
    /// fully convolutional generator that ratio does not depend on the image size.
    /// </summary>
    private static Dictionary<string, double> ElementsPerInputPixel(InferenceSession session, ModelSignature signature,
        RunOptions runOptions, IReadOnlyCollection<string> tensors)
    {
        var (height, width) = (signature.FixedHeight ?? 64, signature.FixedWidth ?? 64);
        var input = new float[3 * height * width];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, signature.Shape(height, width));
        string[] names = [.. tensors];
        using var outputs = session.Run(runOptions, [signature.InputName], [inputValue], names);
        return names.Select((name, i) => (name, outputs[i].GetTensorTypeAndShape().ElementCount))
            .ToDictionary(t => t.name, t => (double)t.ElementCount / (height * width));
    }

    /// <summary>The tensors split into runs whose float32 values stay within the budget (a tensor larger than it runs alone).</summary>
    private static IEnumerable<string[]> Batches(IEnumerable<string> tensors, IReadOnlyDictionary<string, double> elementsPerPixel,
        long pixels, long budgetBytes)
    {
        var batch = new List<string>();
        double bytes = 0;
        foreach (var tensor in tensors)
        {
            var size = elementsPerPixel[tensor] * pixels * sizeof(float);
            if (batch.Count > 0 && bytes + size > budgetBytes)
            {
                yield return [.. batch];
                batch.Clear();
                bytes = 0;
            }
            batch.Add(tensor);
            bytes += size;
        }
        if (batch.Count > 0) yield return [.. batch];
    }

    /// <summary>A copy of the model whose graph also outputs <paramref name="tensors"/>.</summary>
    private static byte[] WithOutputs(ModelProto model, IEnumerable<string> tensors)
    {
        var copy = model.Clone();
        var existing = copy.Graph.Output.Select(o => o.Name).ToHashSet();
        copy.Graph.Output.AddRange(tensors.Where(t => !existing.Contains(t)).Select(t => ValueInfoProto.Tensor(t, ElementType.Float)));
        return copy.ToByteArray();
    }

    private static ActivationRange RangeOf(ReadOnlySpan<float> values, double percentile)
    {
        var range = new ActivationRange(TensorPrimitives.Min(values), TensorPrimitives.Max(values));
        if (percentile >= 100 || range.Max <= range.Min) return range;

        var histogram = new long[HistogramBins];
        var binWidth = (range.Max - range.Min) / HistogramBins;
        foreach (var value in values)
            histogram[Math.Min((int)((value - range.Min) / binWidth), HistogramBins - 1)]++;
        var tail = (long)(values.Length * (100 - percentile) / 100);
        return new ActivationRange(range.Min + binWidth * FirstBinPast(histogram, tail), range.Max - binWidth * FirstBinPast(histogram.Reverse(), tail));
    }

    /// <summary>How many bins, counted from the start, hold no more than <paramref name="tail"/> values together.</summary>
    private static int FirstBinPast(IEnumerable<long> bins, long tail)
    {
        long seen = 0;
        var index = 0;
        foreach (var count in bins)
        {
            seen += count;
            if (seen > tail) return index;
            index++;
        }
        return index;
    }
}
