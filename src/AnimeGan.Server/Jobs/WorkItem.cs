using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using AnimeGan.Video;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Jobs;

/// <summary>
/// One photo or clip to convert, run by a worker. The run and its failures are the same for every
/// kind of item; the conversion itself and what happens to its outcome (a stored job result, or the
/// answer to a waiting request) are the subclass's.
/// </summary>
public abstract class WorkItem(string name, ConversionSettings settings, CancellationToken cancellation)
    : IProgress<ConversionProgress>
{
    public string Name { get; } = name;

    /// <summary>
    /// Converts on a thread of its own, which the seconds of a model run block, rather than on one of the
    /// thread pool's: a blocked pool starves whatever else needs it meanwhile (the requests' answers, the
    /// events streams, Redis's replies, of which a blocking call on the pool waited 5 s for one and gave up).
    /// </summary>
    internal Task<bool> RunOnOwnThreadAsync(ConversionService conversions, ILogger logger, CancellationToken stopping) =>
        Task.Factory.StartNew(() => Run(conversions, logger, stopping), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Converts on the calling thread; true when a result was delivered.</summary>
    private bool Run(ConversionService conversions, ILogger logger, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, stopping);
        try
        {
            if (linked.IsCancellationRequested)
            {
                OnCancelled();
                return false;
            }
            OnStarted();
            return Convert(conversions, settings, linked.Token);
        }
        catch (ImageRejectedException e)
        {
            OnFailed(ApiProblem.ForRejectedImage(e, Name));
        }
        catch (VideoRejectedException e)
        {
            OnFailed(ApiProblem.ForRejectedVideo(e, Name));
        }
        catch (Exception) when (linked.IsCancellationRequested)
        {
            // Cancelled: the stop can also surface as another failure, such as the job's files deleted under the conversion.
            OnCancelled();
        }
        catch (Exception e)
        {
            // A worker outlives any one photo: record the failure, tell the client only that it happened.
            logger.LogError(e, "conversion failed unexpectedly");
            OnFailed(new ApiProblem(StatusCodes.Status500InternalServerError, "Conversion failed",
                $"{Name}: the conversion failed on the server; the failure is logged there"));
        }
        finally
        {
            Release();
        }
        return false;
    }

    public virtual void Report(ConversionProgress value)
    {
    }

    /// <summary>Answers a photo that will not be converted (the server is stopping), as a failure with this problem.</summary>
    internal void Refuse(ApiProblem problem)
    {
        try
        {
            OnFailed(problem);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>The conversion itself; true when its result was delivered.</summary>
    protected abstract bool Convert(ConversionService conversions, ConversionSettings settings, CancellationToken cancellation);

    protected virtual void OnStarted()
    {
    }

    /// <summary>Its place in the queue changed (it was queued, or one ahead of it started).</summary>
    internal virtual void Waiting(QueuePlace place)
    {
    }

    protected abstract void OnFailed(ApiProblem problem);

    protected abstract void OnCancelled();

    /// <summary>Runs last, whatever the outcome.</summary>
    protected virtual void Release()
    {
    }
}

/// <summary>A photo of POST /api/convert: held in memory, its result handed straight back to the waiting request.</summary>
public sealed class InstantWork(Upload upload, ConversionSettings settings, CancellationToken requestAborted)
    : WorkItem(upload.Name, settings, requestAborted)
{
    private readonly TaskCompletionSource<ServedResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ServedResult> Result => _result.Task;

    protected override bool Convert(ConversionService conversions, ConversionSettings settings, CancellationToken cancellation) =>
        _result.TrySetResult(conversions.Convert(upload.Bytes, settings, this, cancellation));

    protected override void OnFailed(ApiProblem problem) => _result.TrySetException(new ApiProblemException(problem));

    protected override void OnCancelled() => _result.TrySetCanceled();
}

/// <summary>
/// A photo or a clip of a job: read from the job's folder, its result stored there, its progress (for a
/// clip, frame by frame with the time left) reported to the job.
/// </summary>
public sealed class JobImageWork(Job job, int index, ILogger logger)
    : WorkItem(job.Name(index), job.Settings, job.Cancellation.Token), IProgress<VideoProgress>
{
    public override void Report(ConversionProgress value) => job.Report(index, value);

    public void Report(VideoProgress value) => job.Report(index, value);

    protected override void OnStarted() => job.Start(index);

    internal override void Waiting(QueuePlace place) => job.Wait(index, place);

    protected override bool Convert(ConversionService conversions, ConversionSettings settings, CancellationToken cancellation)
    {
        var (stored, finishedJob) = job.IsVideo(index)
            ? job.Complete(index, conversions.ConvertVideo(job.UploadPath(index), job.ResultPath(index, VideoOutput.Extension(VideoFormat.Mp4)),
                settings, this, cancellation))
            : job.Complete(index, conversions.Convert(File.ReadAllBytes(job.UploadPath(index)), settings, this, cancellation));
        if (finishedJob) LogFinished();
        return stored;
    }

    protected override void OnFailed(ApiProblem problem)
    {
        if (job.Fail(index, problem)) LogFinished();
    }

    protected override void OnCancelled()
    {
        // The job was deleted: Cancel() has marked the images and the folder is gone.
    }

    protected override void Release()
    {
        try
        {
            File.Delete(job.UploadPath(index));
        }
        catch (DirectoryNotFoundException)
        {
            // The job was deleted meanwhile, folder and all.
        }
    }

    private void LogFinished() => JobLog.Finished(logger, job.Snapshot());
}

/// <summary>The one log line of a job: outcome, time from submission to end, time spent per stage.</summary>
internal static class JobLog
{
    public static void Finished(ILogger logger, JobStatus status)
    {
        var stages = status.Images.Where(i => i.Timings is not null).SelectMany(i => i.Timings!)
            .GroupBy(t => t.Key).Select(g => $"{g.Key} {g.Sum(t => t.Value):F0} ms");
        var sizes = status.Images.Where(i => i.Width is not null).Select(i => $"{i.Width}x{i.Height}");
        logger.LogInformation("job {Job} {State}: {Done}/{Count} converted, {Failed} failed, {Cached} from the cache, in {Seconds:F2} s; {Style} at {Sizes} ({Stages})",
            status.Id, status.State.ToString().ToLowerInvariant(), status.Images.Count(i => i.State == ImageState.Done), status.Images.Count,
            status.Images.Count(i => i.State == ImageState.Failed), status.Images.Count(i => i.FromCache == true),
            ((status.Finished ?? DateTimeOffset.UtcNow) - status.Created).TotalSeconds, status.Style, string.Join(" ", sizes), string.Join(", ", stages));
    }
}
