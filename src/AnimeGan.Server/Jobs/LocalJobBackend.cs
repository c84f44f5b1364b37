using System.Runtime.CompilerServices;
using AnimeGan.Server.Api;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Jobs;

/// <summary>
/// The embedded back-end: jobs in this process's <see cref="JobRegistry"/>, their photos in its
/// <see cref="WorkQueue"/>, uploads and results in its scratch folder. Nothing to install; nothing
/// shared with another server.
/// </summary>
public sealed class LocalJobBackend(JobRegistry registry, WorkQueue queue, ILogger<Job> logger) : IJobBackend
{
    public Task<JobStatus> SubmitAsync(ConversionRequest request, CancellationToken cancellation)
    {
        var job = registry.Create(request);
        try
        {
            for (var index = 0; index < job.Count; index++)
            {
                if (request.Items[index] is StagedClip clip) File.Move(clip.Path, job.UploadPath(index));
                else ResultStore.WriteFile(job.UploadPath(index), ((Upload)request.Items[index]).Bytes);
            }
            queue.Enqueue(Enumerable.Range(0, job.Count).Select(index => new JobImageWork(job, index, logger)).ToList());
        }
        catch
        {
            registry.Delete(job.Id);
            throw;
        }
        return Task.FromResult(job.Snapshot());
    }

    public Task<JobStatus> StatusAsync(string id, CancellationToken cancellation) => Task.FromResult(registry.Get(id).Snapshot());

    public async IAsyncEnumerable<JobStatus> WatchAsync(string id, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var job = registry.Get(id);
        while (true)
        {
            var status = job.Snapshot();
            yield return status;
            if (status.IsFinished) yield break;
            await job.ChangedSince(status, cancellation);
        }
    }

    public Task<JobResult?> ResultAsync(string id, int index, CancellationToken cancellation)
    {
        var file = registry.Get(id).ResultFile(index);
        if (file is null) return Task.FromResult<JobResult?>(null);
        if (!File.Exists(file.Path)) throw new UnknownJobException(); // deleted between the look-up and now
        return Task.FromResult<JobResult?>(new JobResult(file.MediaType, file.Extension, file.Path, null));
    }

    public Task<bool> DeleteAsync(string id) => Task.FromResult(registry.Delete(id));
}
