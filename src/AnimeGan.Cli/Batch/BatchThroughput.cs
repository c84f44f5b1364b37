using System.Diagnostics;
using AnimeGan.Benchmarking;
using AnimeGan.Pipeline;
using Spectre.Console;

namespace AnimeGan.Cli.Batch;

/// <summary>Images per second of one way of converting a folder, and the process's peak memory meanwhile.</summary>
public sealed record ThroughputMeasurement(int Depth, int Photos, TimingSummary WallMs, double ImagesPerSecond, double? PeakMb);

/// <summary>
/// The folder conversion of `animegan convert DIR`, timed with the pipeline off (depth 1) and on, in
/// alternating rounds so both meet the same machine load. Outputs go to a temporary folder.
/// </summary>
internal static class BatchThroughput
{
    public static IReadOnlyList<ThroughputMeasurement> Compare(IReadOnlyList<BatchItem> photos, PhotoConverter converter, FramePipeline pipeline,
        int[] depths, int rounds)
    {
        var output = Directory.CreateTempSubdirectory("animegan-bench-").FullName;
        var quiet = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No,
        });
        try
        {
            var wallMs = depths.ToDictionary(d => d, _ => new List<double>());
            var peaks = depths.ToDictionary(d => d, _ => (double?)null);
            for (var round = 0; round < rounds; round++)
            foreach (var depth in depths)
            {
                var batch = new BatchConverter(converter, pipeline, new OutputPlanner(output, singleFileInput: false, "bench"),
                    overwrite: true, depth);
                var peakReset = ProcessMemory.ResetPeak();
                var started = Stopwatch.GetTimestamp();
                var records = batch.Run(photos, quiet, _ => { }, CancellationToken.None);
                wallMs[depth].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (records.FirstOrDefault(r => r.Status != ConversionRecord.Converted) is { } failed)
                    throw new IOException($"the benchmark batch failed on {failed.Input}: {failed.Error}");
                if (peakReset && ProcessMemory.PeakResidentBytes() is { } peak) peaks[depth] = Math.Max(peaks[depth] ?? 0, peak / 1048576.0);
            }
            return depths.Select(d =>
            {
                var wall = TimingSummary.Of(wallMs[d]);
                return new ThroughputMeasurement(d, photos.Count, wall, Math.Round(photos.Count * 1000 / wall.Median, 2),
                    peaks[d] is { } peak ? Math.Round(peak, 1) : null);
            }).ToList();
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
