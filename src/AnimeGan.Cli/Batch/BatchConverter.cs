using System.Diagnostics;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Pipeline;
using Spectre.Console;

namespace AnimeGan.Cli.Batch;

/// <summary>Converts a batch one photo at a time, with a progress bar, a line per photo and a record per photo.</summary>
internal sealed class BatchConverter(PhotoConverter converter, Stylizer stylizer, ConversionSettings settings, OutputPlanner planner, bool overwrite)
{
    public IReadOnlyList<ConversionRecord> Run(IReadOnlyList<BatchItem> items, IAnsiConsole console, Action<ConversionRecord> onRecord,
        CancellationToken cancellation)
    {
        var records = new List<ConversionRecord>();
        void ConvertAll(ProgressTask? bar)
        {
            for (var index = 0; index < items.Count && !cancellation.IsCancellationRequested; index++)
            {
                var item = items[index];
                var label = $"{index + 1}/{items.Count} {Markup.Escape(item.RelativePath)}";
                var position = index;
                var progress = new InlineProgress<ConversionProgress>(p =>
                {
                    if (bar is null) return;
                    bar.Value = position + p.Fraction;
                    bar.Description = $"{label} [grey]{p.Stage}[/]";
                });
                var record = ConvertOne(item, progress, cancellation);
                if (bar is not null) bar.Value = index + 1;
                records.Add(record);
                Report(console, record);
                onRecord(record);
            }
        }

        // A live bar only makes sense on a terminal; in a pipe or a log it would leave stray frames behind.
        if (!console.Profile.Capabilities.Interactive)
        {
            ConvertAll(null);
            return records;
        }
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => ConvertAll(context.AddTask("starting", maxValue: items.Count)));
        return records;
    }

    private ConversionRecord ConvertOne(BatchItem item, IProgress<ConversionProgress> progress, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        string? output = null;
        try
        {
            var timings = new StageTimings();
            using var photo = timings.Measure("decode", () => converter.Codec.Decode(item.Path));
            output = planner.Plan(item, PhotoConverter.ResolveFormat(photo, settings));
            if (File.Exists(output) && !overwrite)
                return new ConversionRecord
                {
                    Input = item.Path, Output = output, Status = ConversionRecord.Skipped,
                    Error = "the output exists; use --overwrite to replace it",
                };
            var result = converter.Convert(photo, stylizer, settings, timings, progress, cancellation);
            timings.Measure("write", () => WriteAtomically(output, result.Encoded));
            return ConversionRecord.FromResult(item.Path, output, result, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is ImageRejectedException or IOException or UnauthorizedAccessException)
        {
            return new ConversionRecord
            {
                Input = item.Path, Output = output, Status = ConversionRecord.Failed, Error = e.Message,
                TotalMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1),
            };
        }
    }

    /// <summary>Writes beside the target and renames, so an interrupted run never leaves half a file under the final name.</summary>
    private static void WriteAtomically(string path, byte[] bytes)
    {
        var directory = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(directory);
            var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.partial");
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write {path}: {e.Message}", e);
        }
    }

    private static void Report(IAnsiConsole console, ConversionRecord record)
    {
        var input = Markup.Escape(Path.GetFileName(record.Input));
        switch (record.Status)
        {
            case ConversionRecord.Converted:
                console.MarkupLine($"[green]✓[/] {input} → {Markup.Escape(record.Output!)} " +
                                   $"[grey]{record.OutputSize} in {record.TotalMs / 1000:F2} s[/]");
                break;
            case ConversionRecord.Skipped:
                console.MarkupLine($"[yellow]–[/] {input}: skipped, {Markup.Escape(record.Output!)} exists (use --overwrite)");
                break;
            default:
                console.MarkupLine($"[red]✗[/] {input}: {Markup.Escape(record.Error ?? "failed")}");
                break;
        }
    }
}
