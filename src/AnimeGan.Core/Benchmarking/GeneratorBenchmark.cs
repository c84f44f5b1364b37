using System.Diagnostics;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Pipeline;

namespace AnimeGan.Benchmarking;

/// <summary>
/// A model under test (a style's generator, an upscaler), by the name the results carry ("fp32", "int8"),
/// with the pipeline a whole conversion runs it in (face protection included when the benchmark asks
/// for it); without one, only the model is timed.
/// </summary>
public sealed record BenchSubject(string Name, ImageModel Model, FramePipeline? Pipeline);

public sealed record BenchSettings
{
    public IReadOnlyList<int> Sizes { get; init; } = [256, 384, 512, 640];
    public int Runs { get; init; } = 5;
    public int Warmup { get; init; } = 1;

    /// <summary>Also time whole conversions (decode → stylize → encode); off, only the model is timed.</summary>
    public bool EndToEnd { get; init; } = true;

    public void Validate()
    {
        if (Sizes.Count == 0 || Sizes.Any(s => s is < 64 or > 4096 || s % 8 != 0))
            throw new ArgumentException("sizes must be multiples of 8 from 64 to 4096");
        if (Runs < 1) throw new ArgumentOutOfRangeException(nameof(Runs), Runs, "at least one run");
        if (Warmup < 0) throw new ArgumentOutOfRangeException(nameof(Warmup), Warmup, "warm-up runs cannot be negative");
    }
}

/// <summary>
/// One generator at one size: the model alone on a square image, the whole conversion of a JPEG of that
/// size (decode → stylize → encode, with each stage's median), and the process's peak resident memory
/// over the size's runs, which counts every subject loaded (run one subject for its own figure).
/// <see cref="Faces"/>: how many faces the conversion repainted, when its converter has face protection.
/// </summary>
public sealed record SizeMeasurement(
    string Subject,
    int Size,
    TimingSummary ModelMs,
    TimingSummary? EndToEndMs,
    IReadOnlyDictionary<string, double> StageMs,
    double? PeakMb,
    int? Faces = null);

/// <summary>
/// Times generators the way a user meets them; with pipelines that have face protection, face2paint
/// is part of every end-to-end run. Subjects run interleaved, run by run, so a machine whose
/// load changes during the benchmark slows every subject alike and side-by-side figures stay comparable.
/// </summary>
public sealed class GeneratorBenchmark(PhotoConverter converter)
{
    public IEnumerable<SizeMeasurement> Measure(IReadOnlyList<BenchSubject> subjects, PixelBuffer photo, BenchSettings settings)
    {
        settings.Validate();
        foreach (var size in settings.Sizes)
        {
            var pixels = Square(photo, size);
            var jpeg = converter.Codec.Encode(pixels, null, OutputFormat.Jpeg, 92);
            var peakReset = ProcessMemory.ResetPeak();
            for (var i = 0; i < settings.Warmup; i++)
            foreach (var subject in subjects)
            {
                subject.Model.Run(pixels);
                if (settings.EndToEnd && subject.Pipeline is not null) converter.Convert(jpeg, subject.Pipeline);
            }

            var model = subjects.ToDictionary(s => s.Name, _ => new List<double>());
            var endToEnd = subjects.ToDictionary(s => s.Name, _ => new List<double>());
            var stages = subjects.ToDictionary(s => s.Name, _ => new List<StageTimings>());
            var faces = subjects.ToDictionary(s => s.Name, _ => (int?)null);
            for (var run = 0; run < settings.Runs; run++)
            foreach (var subject in subjects)
            {
                var started = Stopwatch.GetTimestamp();
                subject.Model.Run(pixels);
                model[subject.Name].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!settings.EndToEnd || subject.Pipeline is null) continue;

                started = Stopwatch.GetTimestamp();
                var result = converter.Convert(jpeg, subject.Pipeline);
                endToEnd[subject.Name].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                stages[subject.Name].Add(result.Timings);
                if (subject.Pipeline.Settings.Faces.Enabled) faces[subject.Name] = result.Faces.Count;
            }

            // Without a reset the peak would be the whole process's so far, not this size's.
            var peak = peakReset ? ProcessMemory.PeakResidentBytes() / 1048576.0 : null;
            foreach (var subject in subjects)
                yield return new SizeMeasurement(subject.Name, size, TimingSummary.Of(model[subject.Name]),
                    endToEnd[subject.Name].Count > 0 ? TimingSummary.Of(endToEnd[subject.Name]) : null,
                    StageMedians(stages[subject.Name]), peak is { } mb ? Math.Round(mb, 1) : null, faces[subject.Name]);
        }
    }

    /// <summary>The photo's centre square, resampled to <paramref name="size"/>².</summary>
    public static PixelBuffer Square(PixelBuffer photo, int size)
    {
        var side = Math.Min(photo.Width, photo.Height);
        var square = Resampler.Crop(photo, (photo.Width - side) / 2, (photo.Height - side) / 2, side, side);
        return Resampler.Resize(square, size, size);
    }

    private static Dictionary<string, double> StageMedians(IReadOnlyList<StageTimings> runs) =>
        runs.SelectMany(r => r.Stages).GroupBy(s => s.Key)
            .ToDictionary(g => g.Key, g => TimingSummary.Of(g.Select(s => s.Value)).Median);
}
