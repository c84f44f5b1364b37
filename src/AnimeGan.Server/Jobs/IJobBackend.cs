using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;

namespace AnimeGan.Server.Jobs;

/// <summary>
/// Where jobs live: accepted, queued for a worker, watched, their results kept, cancelled. The embedded
/// back-end keeps them in this process (<see cref="LocalJobBackend"/>); the shared one keeps them in
/// Redis, where every replica sees them (<see cref="Redis.RedisJobBackend"/>). The endpoints are the
/// same over both. Unknown ids are answered with <see cref="UnknownJobException"/>.
/// </summary>
public interface IJobBackend
{
    /// <summary>Takes the request's photos and clips as a new job and queues them; its first status. Full: <see cref="ServerBusyException"/>.</summary>
    Task<JobStatus> SubmitAsync(ConversionRequest request, CancellationToken cancellation);

    Task<JobStatus> StatusAsync(string id, CancellationToken cancellation);

    /// <summary>The job's status now, then again at each change, until it is finished or <paramref name="cancellation"/> ends the watch.</summary>
    IAsyncEnumerable<JobStatus> WatchAsync(string id, CancellationToken cancellation);

    /// <summary>The stored result of image <paramref name="index"/>; null while there is none.</summary>
    Task<JobResult?> ResultAsync(string id, int index, CancellationToken cancellation);

    /// <summary>The photo <paramref name="index"/> as uploaded, kept beside its result; null where it is not kept.</summary>
    Task<JobResult?> OriginalAsync(string id, int index, CancellationToken cancellation);

    /// <summary>
    /// What a new finish of converted photo <paramref name="index"/> starts from (<see cref="ConversionService.RefinishAsync"/>);
    /// null while there is none: not converted yet, a clip, or kept where this back-end cannot reach.
    /// </summary>
    Task<PaintedSource?> PaintedAsync(string id, int index, CancellationToken cancellation);

    /// <summary>Replaces the photo's result with its new finish; the job's status after, or null when the job was deleted meanwhile.</summary>
    Task<JobStatus?> RefinishedAsync(string id, int index, ConversionResult result, ConversionSettings settings, CancellationToken cancellation);

    /// <summary>Cancels the job wherever it runs and deletes its files; false when there is no such job.</summary>
    Task<bool> DeleteAsync(string id);
}

/// <summary>A result to send: a file in this server's scratch folder, or bytes held by the back-end.</summary>
public sealed record JobResult(string MediaType, string Extension, string? Path, byte[]? Bytes);

/// <summary>A converted photo as a new finish needs it: how it was finished, the photo's bytes, and its painted picture.</summary>
public sealed record PaintedSource(ConversionSettings Settings, byte[] Photo, PixelBuffer Picture);
