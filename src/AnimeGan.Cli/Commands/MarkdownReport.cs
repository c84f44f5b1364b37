using System.Globalization;
using AnimeGan.Benchmarking;
using AnimeGan.Cli.Batch;

namespace AnimeGan.Cli.Commands;

/// <summary>The bench results as Markdown tables, ready for BENCHMARKS.md (plain lines: no console width wraps them).</summary>
internal static class MarkdownReport
{
    public static IEnumerable<string> Lines(IReadOnlyList<SizeMeasurement> measurements, IReadOnlyList<SizeMeasurement> portrait,
        IReadOnlyList<QualityMeasurement> quality, IReadOnlyList<(string Method, QualityMeasurement Quality)> restoration,
        IReadOnlyList<(string Subject, IReadOnlyList<ThroughputMeasurement> Results)> batches, IReadOnlyList<SizeMeasurement> tuning)
    {
        yield return "";
        yield return "| precision | size | model ms, median (min–max) | end-to-end ms, median (min–max) | stages ms (median) | peak MB, process |";
        yield return "|---|---|---|---|---|---|";
        foreach (var m in measurements)
            yield return $"| {m.Subject} | {m.Size}² | {m.ModelMs} | {m.EndToEndMs} | {Stages(m)} | {Number(m.PeakMb)} |";

        if (portrait.Count > 0)
        {
            yield return "";
            yield return "| with face2paint: precision | size | faces | end-to-end ms, median (min–max) | stages ms (median) | peak MB, process |";
            yield return "|---|---|---|---|---|---|";
            foreach (var m in portrait)
                yield return $"| {m.Subject} | {m.Size}² | {m.Faces} | {m.EndToEndMs} | {Stages(m)} | {Number(m.PeakMb)} |";
        }

        if (quality.Count > 0)
        {
            yield return "";
            yield return "| INT8 against FP32: size | photos | PSNR dB, mean (min) | SSIM, mean (min) |";
            yield return "|---|---|---|---|";
            foreach (var q in quality)
                yield return $"| {q.Size} | {q.Photos} | {q.MeanPsnr.ToString("F2", CultureInfo.InvariantCulture)} ({q.MinPsnr.ToString("F2", CultureInfo.InvariantCulture)}) | " +
                             $"{q.MeanSsim.ToString("F4", CultureInfo.InvariantCulture)} ({q.MinSsim.ToString("F4", CultureInfo.InvariantCulture)}) |";
        }

        if (restoration.Count > 0)
        {
            yield return "";
            yield return "| restoring a reduced photo: method | photos | PSNR dB, mean (min) | SSIM, mean (min) |";
            yield return "|---|---|---|---|";
            foreach (var (method, q) in restoration)
                yield return $"| {method} | {q.Photos} | {Decimal(q.MeanPsnr, "F2")} ({Decimal(q.MinPsnr, "F2")}) | {Decimal(q.MeanSsim, "F4")} ({Decimal(q.MinSsim, "F4")}) |";
        }

        foreach (var (subject, results) in batches)
        {
            yield return "";
            yield return $"| folder conversion, {subject} | photos | seconds, median (min–max) | images/s | peak MB, process |";
            yield return "|---|---|---|---|---|";
            foreach (var r in results)
                yield return $"| {(r.Depth == 1 ? "sequential" : $"pipelined, {r.Depth} in flight")} | {r.Photos} | " +
                             $"{Seconds(r.WallMs.Median)} ({Seconds(r.WallMs.Min)}–{Seconds(r.WallMs.Max)}) | {r.ImagesPerSecond.ToString("F2", CultureInfo.InvariantCulture)} | {Number(r.PeakMb)} |";
            yield return $"| pipelined ÷ sequential | | | {(results[^1].ImagesPerSecond / results[0].ImagesPerSecond).ToString("F2", CultureInfo.InvariantCulture)}× | |";
        }

        if (tuning.Count > 0)
        {
            yield return "";
            yield return "| session setting | size | model ms, median (min–max) |";
            yield return "|---|---|---|";
            foreach (var t in tuning) yield return $"| {t.Subject} | {t.Size}² | {t.ModelMs} |";
        }
    }

    private static string Decimal(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Stages(SizeMeasurement m) => string.Join(", ", m.StageMs.Select(s => $"{s.Key} {Number(s.Value)}"));

    private static string Number(double? value) => value?.ToString("F0", CultureInfo.InvariantCulture) ?? "–";

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("F1", CultureInfo.InvariantCulture);
}
