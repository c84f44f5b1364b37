using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Jobs;

/// <summary>The --workers consumers of the <see cref="WorkQueue"/>, each converting one photo at a time.</summary>
internal sealed class ConversionWorkers(WorkQueue queue, ConversionService conversions, ServerOptions options, ILogger<ConversionWorkers> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stopping) =>
        Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => WorkAsync(stopping), CancellationToken.None)));

    /// <summary>
    /// Waits for the conversions in progress to end, past the host's shutdown timeout if need be: the
    /// ONNX Runtime sessions they run on are disposed after this, and a session must outlive its runs.
    /// </summary>
    public override Task StopAsync(CancellationToken cancellationToken) => base.StopAsync(CancellationToken.None);

    private async Task WorkAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stopping))
            {
                queue.Started();
                var started = Stopwatch.GetTimestamp();
                var converted = false;
                try
                {
                    converted = item.Run(conversions, logger, stopping);
                }
                finally
                {
                    queue.Finished(Stopwatch.GetElapsedTime(started), converted);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: photos still waiting are dropped with the scratch directory.
        }
    }
}

/// <summary>Deletes jobs, results and all, once they are older than the result TTL.</summary>
internal sealed class JobSweeper(JobRegistry jobs, ServerOptions options, ILogger<JobSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var interval = TimeSpan.FromTicks(Math.Clamp(options.ResultTtl.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                var deleted = jobs.DeleteExpired(DateTimeOffset.UtcNow);
                if (deleted > 0) logger.LogInformation("deleted {Count} expired jobs", deleted);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
