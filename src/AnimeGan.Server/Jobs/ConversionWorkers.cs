using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Jobs;

/// <summary>
/// The --workers consumers of the <see cref="WorkQueue"/>, each converting one photo at a time. When
/// the server stops, the photos still waiting are refused at once (503), and the ones being converted
/// get the shutdown grace period to finish before they are cancelled.
/// </summary>
internal sealed class ConversionWorkers(WorkQueue queue, ConversionService conversions, ServerOptions options, IHostApplicationLifetime lifetime,
    ILogger<ConversionWorkers> logger) : BackgroundService
{
    private readonly CancellationTokenSource _graceOver = new();

    protected override Task ExecuteAsync(CancellationToken stopping)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            queue.Stop();
            _graceOver.CancelAfter(options.ShutdownGrace);
        });
        return Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => Task.Run(WorkAsync, CancellationToken.None)));
    }

    /// <summary>
    /// Waits for the conversions in progress to end (they are cancelled when the grace period is over):
    /// the ONNX Runtime sessions they run on are disposed after this, and a session must outlive its runs.
    /// </summary>
    public override Task StopAsync(CancellationToken cancellationToken) => base.StopAsync(CancellationToken.None);

    private async Task WorkAsync()
    {
        // The queue ends when the server stops (WorkQueue.Stop), after the photos a worker already holds.
        await foreach (var item in queue.Reader.ReadAllAsync())
        {
            queue.Started(item);
            var started = Stopwatch.GetTimestamp();
            var converted = false;
            try
            {
                converted = await item.RunOnOwnThreadAsync(conversions, logger, _graceOver.Token);
            }
            finally
            {
                queue.Finished(Stopwatch.GetElapsedTime(started), converted);
            }
        }
    }

    public override void Dispose()
    {
        _graceOver.Dispose();
        base.Dispose();
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
