using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Jobs.Redis;

/// <summary>
/// A photo of a shared job, taken from the stream by this replica: converted from the bytes stored with
/// the job, its progress written where every replica reads it, its result stored in Redis once.
/// </summary>
internal sealed class RedisImageWork(RedisWork work, ConversionSettings settings, RedisJobStore store, StoreRetry retry,
    CancellationToken deleted, ILogger logger) : WorkItem(work.Status.Name, settings, deleted)
{
    private readonly CancellationToken _deleted = deleted;
    private ImageStatus _status = work.Status;

    /// <summary>
    /// Stopped because this replica is stopping, not because the job was deleted: its entry is left
    /// pending, for another replica to take once the visibility timeout has passed.
    /// </summary>
    public bool LeftForOthers { get; private set; }

    public override void Report(ConversionProgress value)
    {
        var progress = Math.Round(value.Fraction, 3);
        if (_status.State != ImageState.Running || progress < _status.Progress) return;
        Update(_status with { Progress = progress, Stage = value.Stage });
    }

    protected override void OnStarted() => Update(_status with { State = ImageState.Running, Progress = 0, Stage = "decode" });

    protected override bool Convert(ConversionService conversions, ConversionSettings settings, CancellationToken cancellation)
    {
        var (result, fromCache) = conversions.Convert(work.Photo, settings, this, cancellation);
        // The conversion is done: storing it waits out a short Redis outage rather than losing the work.
        retry.Run(() => store.StoreResult(work.JobId, work.Index, result.Encoded));
        var done = _status with
        {
            State = ImageState.Done, Progress = 1, Stage = "done", Result = $"/api/jobs/{work.JobId}/results/{work.Index}",
            MediaType = result.Format.MediaType(), Width = result.OutputSize.Width, Height = result.OutputSize.Height,
            Timings = result.Timings.ToDictionary(), Faces = result.Faces.Count, FromCache = fromCache,
        };
        var left = retry.Run(() => store.Settle(work.JobId, done, result.Format.Extension()));
        if (left is -1 or -3) retry.Run(() => store.DropResult(work.JobId, work.Index)); // deleted meanwhile
        Finished(left);
        return left >= 0;
    }

    protected override void OnFailed(ApiProblem problem) =>
        Finished(retry.Run(() => store.Settle(work.JobId, _status with { State = ImageState.Failed, Stage = "failed", Error = problem })));

    protected override void OnCancelled()
    {
        if (_deleted.IsCancellationRequested) return; // the delete settled it
        LeftForOthers = true;
        try
        {
            store.Update(work.JobId, RedisJobStore.Queued(work.JobId, work.Index, _status.Name));
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            // Shown as running until another replica takes it.
        }
    }

    private void Update(ImageStatus status)
    {
        _status = status;
        try
        {
            store.Update(work.JobId, status);
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            // Progress is best effort: the next report, or the result, says more.
        }
    }

    /// <summary>The job's log line, written by the replica that settled its last image.</summary>
    private void Finished(long left)
    {
        if (left != 0) return;
        try
        {
            if (store.ReadAsync(work.JobId).GetAwaiter().GetResult() is { } status) JobLog.Finished(logger, status);
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
        }
    }
}

/// <summary>
/// Runs a worker's Redis command again while Redis is unreachable, for up to <see cref="Patience"/>: a
/// result already painted is worth waiting for. Past that the failure stands; the entry, never
/// acknowledged, is converted again by whichever replica reclaims it.
/// </summary>
internal sealed class StoreRetry(ServerOptions options)
{
    public TimeSpan Patience { get; } = options.RedisVisibilityTimeout > TimeSpan.FromSeconds(30) ? options.RedisVisibilityTimeout : TimeSpan.FromSeconds(30);

    public T Run<T>(Func<T> command)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return command();
            }
            catch (Exception e) when (RedisConnection.IsOutage(e) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }

    public void Run(Action command) => Run(() =>
    {
        command();
        return true;
    });
}
