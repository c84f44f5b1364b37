using System.Runtime.CompilerServices;
using AnimeGan.Pipeline;
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

    public Task<JobResult?> OriginalAsync(string id, int index, CancellationToken cancellation) =>
        Task.FromResult(registry.Get(id).PaintedPhotoOf(index)?.Painted is { } kept
            ? new JobResult(kept.PhotoMediaType, Path.GetExtension(kept.PhotoPath), kept.PhotoPath, null)
            : null);

    public async Task<PaintedSource?> PaintedAsync(string id, int index, CancellationToken cancellation)
    {
        if (registry.Get(id).PaintedPhotoOf(index) is not var (settings, painted)) return null;
        try
        {
            return new PaintedSource(settings, await File.ReadAllBytesAsync(painted.PhotoPath, cancellation), painted.ReadPicture());
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UnknownJobException(); // deleted between the look-up and now
        }
    }

    public Task<JobStatus?> RefinishedAsync(string id, int index, ConversionResult result, ConversionSettings settings, CancellationToken cancellation)
    {
        var job = registry.Get(id);
        try
        {
            return Task.FromResult(job.Refinished(index, result, settings) ? job.Snapshot() : null);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<JobStatus?>(null); // deleted meanwhile, folder and all
        }
    }

    public Task<bool> DeleteAsync(string id) => Task.FromResult(registry.Delete(id));
}
