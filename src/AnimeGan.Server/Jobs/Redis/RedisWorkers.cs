using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using AnimeGan.Server.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AnimeGan.Server.Jobs.Redis;

/// <summary>
/// This replica's --workers consumers of the shared stream. Each takes one photo at a time: a new one,
/// or one whose replica has given no sign of life for the visibility timeout (XAUTOCLAIM). While it
/// converts, it renews its claim at a third of that timeout, so only a dead replica's photos are taken
/// over; a photo handed out more than RedisMaxDeliveries times is failed instead, as one that stops every
/// worker that takes it. A deleted job's photos are stopped wherever they run (pub/sub, and the renewal
/// looks too). When the server stops, the photos being converted get the shutdown grace; those not
/// finished by then are left pending for the other replicas.
/// </summary>
internal sealed class RedisWorkers(RedisConnection redis, RedisJobStore store, SettingsBinder binder, ConversionService conversions,
    StoreRetry retry, ServerOptions options, IHostApplicationLifetime lifetime, ILogger<RedisWorkers> logger) : BackgroundService
{
    /// <summary>How long an idle worker waits for a submission's wake-up call before it looks anyway (and for dead replicas' photos).</summary>
    private static readonly TimeSpan IdleLook = TimeSpan.FromSeconds(1);

    private readonly string _replica = $"{Environment.MachineName}-{Environment.ProcessId}-{ResultStore.NewId()[..8]}";
    private readonly CancellationTokenSource _stopTaking = new();
    private readonly CancellationTokenSource _graceOver = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<Running, byte> _running = new();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            _stopTaking.Cancel();
            _graceOver.CancelAfter(options.ShutdownGrace);
        });
        try
        {
            // Re-subscribed by the connection itself after a reconnect.
            await redis.Subscriber.SubscribeAsync(RedisKeys.Queued, (_, _) => _wake.Writer.TryWrite(true));
            await redis.Subscriber.SubscribeAsync(RedisKeys.Cancelled, (_, id) => Cancel(id.ToString()));
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            logger.LogWarning("cannot subscribe to the job back-end's announcements ({Reason}); workers look every {Seconds} s", e.Message, IdleLook.TotalSeconds);
        }
        try
        {
            if (await store.ForgetIdleConsumersAsync() is > 0 and var forgotten)
                logger.LogInformation("forgot {Count} idle consumers of the job queue (workers of replicas gone)", forgotten);
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            // Tidying only: the next replica to start does it.
        }
        await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(n => Task.Run(() => WorkAsync($"{_replica}-{n}"), CancellationToken.None)));
    }

    /// <summary>Waits for the conversions in progress to end (see <see cref="ConversionWorkers.StopAsync"/>).</summary>
    public override Task StopAsync(CancellationToken cancellationToken) => base.StopAsync(CancellationToken.None);

    private async Task WorkAsync(string consumer)
    {
        var lastReclaim = Stopwatch.GetTimestamp();
        while (!_stopTaking.IsCancellationRequested)
        {
            try
            {
                // New photos first; a dead replica's are looked for when idle, and at least every half visibility timeout.
                var reclaimDue = Stopwatch.GetElapsedTime(lastReclaim) > options.RedisVisibilityTimeout / 2;
                var (entry, reclaimed) = reclaimDue ? (null, false) : (await store.TakeNewAsync(consumer), false);
                if (entry is null)
                {
                    lastReclaim = Stopwatch.GetTimestamp();
                    (entry, reclaimed) = (await store.ReclaimAsync(consumer), true);
                }
                if (entry is null && reclaimDue) (entry, reclaimed) = (await store.TakeNewAsync(consumer), false);
                if (entry is null)
                {
                    await WaitForWorkAsync();
                    continue;
                }
                _wake.Writer.TryWrite(true); // there may be more: another idle worker looks too
                await ProcessAsync(consumer, entry.Value, reclaimed);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                await store.EnsureGroupAsync(); // Redis restarted empty
            }
            catch (Exception e) when (RedisConnection.IsOutage(e))
            {
                // Redis is away; the connection comes back by itself. A photo held meanwhile stays pending and is taken again.
                await Delay(IdleLook);
            }
            catch (Exception e)
            {
                logger.LogError(e, "a shared job's photo could not be handled; it is taken again after the visibility timeout");
                await Delay(IdleLook);
            }
        }
    }

    private async Task ProcessAsync(string consumer, StreamEntry entry, bool reclaimed)
    {
        var (id, index) = (entry["job"].ToString(), (int)entry["index"]);
        var work = await store.LoadAsync(id, index);
        if (work is null)
        {
            await store.FinishEntryAsync(entry.Id); // deleted, expired, or settled by another delivery
            return;
        }
        if (reclaimed && await store.DeliveriesAsync(entry.Id) is var deliveries && deliveries > options.RedisMaxDeliveries)
        {
            logger.LogWarning("job {Job} image {Index} failed: handed out {Deliveries} times, its worker stopped each time", id, index, deliveries);
            store.Settle(id, work.Status with
            {
                State = ImageState.Failed, Stage = "failed", Error = new ApiProblem(StatusCodes.Status500InternalServerError, "Conversion failed",
                    $"{work.Status.Name}: it was handed to a worker {deliveries} times and the replica converting it stopped before it finished each time; it is not tried again"),
            });
            await store.FinishEntryAsync(entry.Id);
            return;
        }

        using var deleted = new CancellationTokenSource();
        var running = new Running(id, deleted);
        _running[running] = 0;
        using var stopRenewing = new CancellationTokenSource();
        var renewing = RenewAsync(consumer, entry.Id, running, stopRenewing.Token);
        RedisImageWork? item = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            ConversionSettings? settings = null;
            try
            {
                settings = binder.Bind(work.Form);
            }
            catch (ApiProblemException e)
            {
                // Bound on the replica that took the job; this one lacks something (a style, a model): fail the photo in words.
                retry.Run(() => store.Settle(id, work.Status with { State = ImageState.Failed, Stage = "failed", Error = e.Problem }));
            }
            if (settings is not null)
            {
                item = new RedisImageWork(work, settings, store, retry, deleted.Token, logger);
                if (await item.RunOnOwnThreadAsync(conversions, logger, _graceOver.Token)) store.Took(Stopwatch.GetElapsedTime(started));
            }
        }
        finally
        {
            _running.TryRemove(running, out _);
            await stopRenewing.CancelAsync();
            await renewing;
        }
        if (item?.LeftForOthers != true) await store.FinishEntryAsync(entry.Id);
    }

    /// <summary>The sign of life of a photo being converted, and the look at whether its job was deleted meanwhile.</summary>
    private async Task RenewAsync(string consumer, RedisValue entryId, Running running, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.RedisVisibilityTimeout / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await store.RenewAsync(consumer, entryId);
                    if (await store.IsCancelledAsync(running.JobId)) await running.Deleted.CancelAsync();
                }
                catch (Exception e) when (RedisConnection.IsOutage(e))
                {
                    // Renewed at the next tick if Redis is back; if it stays away longer than the timeout, another replica may
                    // convert the photo too, and whichever settles it first stores its result.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Cancel(string jobId)
    {
        foreach (var running in _running.Keys.Where(r => r.JobId == jobId))
        {
            try
            {
                running.Deleted.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Finished meanwhile.
            }
        }
    }

    private async Task WaitForWorkAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopTaking.Token);
        timeout.CancelAfter(IdleLook);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task Delay(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stopTaking.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        _stopTaking.Dispose();
        _graceOver.Dispose();
        base.Dispose();
    }

    private sealed record Running(string JobId, CancellationTokenSource Deleted);
}
