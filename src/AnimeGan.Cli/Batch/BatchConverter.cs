using System.Diagnostics;
using AnimeGan.Imaging;
using AnimeGan.IO;
using AnimeGan.Pipeline;
using Spectre.Console;

namespace AnimeGan.Cli.Batch;

/// <summary>
/// Converts a batch with a progress bar, a line per photo and a record per photo, in input order.
/// With a depth above 1 it is a small pipeline: up to <paramref name="depth"/> photos are in flight,
/// so one photo decodes, encodes and writes while another is in the model. The model itself should
/// take one photo at a time on every core (<see cref="InferenceSettings.ConcurrentRuns"/> = 1): a
/// second run at once would hold a second set of activations for no gain on a machine the first one
/// fills (BENCHMARKS.md). Headers are read and outputs planned strictly in order, so output names
/// never depend on timing; memory grows with the depth, not with the batch.
/// </summary>
internal sealed class BatchConverter(PhotoConverter converter, FramePipeline pipeline, OutputPlanner planner, bool overwrite, int depth = 1, bool inPlace = false)
{
    /// <summary>Photos in flight in a folder conversion.</summary>
    public const int PipelineDepth = 2;

    public IReadOnlyList<ConversionRecord> Run(IReadOnlyList<BatchItem> items, IAnsiConsole console, Action<ConversionRecord> onRecord,
        CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var records = new List<ConversionRecord>();
        void ConvertAll(ProgressTask? bar)
        {
            var inFlight = new Queue<Task<ConversionRecord>>();
            void Complete()
            {
                var record = inFlight.Dequeue().GetAwaiter().GetResult();
                records.Add(record);
                if (bar is not null) bar.Value = records.Count;
                Report(console, record);
                onRecord(record);
            }

            try
            {
                for (var index = 0; index < items.Count && !cancellation.IsCancellationRequested; index++)
                {
                    var label = $"{index + 1}/{items.Count} {Markup.Escape(items[index].RelativePath)}";
                    var position = index;
                    var progress = new InlineProgress<ConversionProgress>(p =>
                    {
                        if (bar is null) return;
                        if (depth == 1) bar.Value = position + p.Fraction;
                        bar.Description = $"{label} [grey]{p.Stage}[/]";
                    });
                    var planned = Plan(items[index]);
                    inFlight.Enqueue(depth == 1
                        ? Task.FromResult(Convert(planned, progress, cancellation))
                        : Task.Run(() => Convert(planned, progress, cancellation), CancellationToken.None));
                    while (inFlight.Count >= depth) Complete();
                }
                while (inFlight.Count > 0) Complete();
            }
            catch when (inFlight.Count > 0)
            {
                // The caller disposes the model once this exception leaves: photos still in it must get out first.
                ((Task)Task.WhenAll(inFlight)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
                throw;
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

    /// <summary>The ordered part: the header read (pixels are decoded later, lazily) and the output planned, or the record if there is nothing to convert.</summary>
    private PlannedPhoto Plan(BatchItem item)
    {
        var planned = new PlannedPhoto(item);
        try
        {
            planned.Photo = planned.Timings.Measure("decode", () => converter.Codec.Decode(item.Path));
            planned.Output = planner.Plan(item, PhotoConverter.ResolveFormat(planned.Photo, pipeline.Settings));
            if (!inPlace && SameFile.Is(item.Path, planned.Output))
                planned.Record = planned.Failure(new IOException($"the output {planned.Output} is the photo itself; pass --in-place to replace the original"));
            else if (File.Exists(planned.Output) && !overwrite && !inPlace)
                planned.Record = new ConversionRecord
                {
                    Input = item.Path, Output = planned.Output, Status = ConversionRecord.Skipped,
                    Error = "the output exists; use --overwrite to replace it",
                };
            else
                AtomicFile.RequireWritable(planned.Output); // before any model runs, naming the file the user asked for
        }
        catch (Exception e) when (e is ImageRejectedException or IOException or UnauthorizedAccessException)
        {
            planned.Record = planned.Failure(e);
        }
        return planned;
    }

    private ConversionRecord Convert(PlannedPhoto planned, IProgress<ConversionProgress> progress, CancellationToken cancellation)
    {
        using (planned)
        {
            if (planned.Record is { } done) return done;
            try
            {
                var result = converter.Convert(planned.Photo!, pipeline, planned.Timings, progress, cancellation);
                planned.Timings.Measure("write", () => AtomicFile.Write(planned.Output!, result.Encoded));
                if (result.FaceDebugImage is { } faceDebug)
                    planned.Timings.Measure("write", () => AtomicFile.Write(Path.ChangeExtension(planned.Output!, ".faces.png"), faceDebug));
                return ConversionRecord.FromResult(planned.Item.Path, planned.Output!, result, planned.ElapsedMs);
            }
            catch (Exception e) when (e is ImageRejectedException or IOException or UnauthorizedAccessException)
            {
                return planned.Failure(e);
            }
        }
    }

    /// <summary>One photo between planning and conversion.</summary>
    private sealed class PlannedPhoto(BatchItem item) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public BatchItem Item { get; } = item;
        public StageTimings Timings { get; } = new();
        public DecodedImage? Photo { get; set; }
        public string? Output { get; set; }

        /// <summary>Set when the photo needs no conversion: skipped, or failed while planning.</summary>
        public ConversionRecord? Record { get; set; }

        public double ElapsedMs => Stopwatch.GetElapsedTime(_started).TotalMilliseconds;

        public ConversionRecord Failure(Exception e) => new()
        {
            Input = Item.Path, Output = Output, Status = ConversionRecord.Failed, Error = e.Message, TotalMs = Math.Round(ElapsedMs, 1),
        };

        public void Dispose() => Photo?.Dispose();
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
