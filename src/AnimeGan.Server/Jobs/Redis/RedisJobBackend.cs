using System.Runtime.CompilerServices;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;

namespace AnimeGan.Server.Jobs.Redis;

/// <summary>
/// The shared back-end: every replica given the same Redis accepts jobs into one stream, answers for any
/// job from its hash, streams its events from pub/sub, serves its results from Redis, and deletes it
/// wherever it runs. The photos are converted by <see cref="RedisWorkers"/> on whichever replica takes them.
/// Clips are refused on upload, as /api/options says (<see cref="ConversionService.VideoUnavailable"/>).
/// </summary>
internal sealed class RedisJobBackend(RedisConnection redis, RedisJobStore store) : IJobBackend
{
    /// <summary>How often a watcher looks again when no change was announced (a message lost while Redis reconnected).</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(2);

    public Task<JobStatus> SubmitAsync(ConversionRequest request, CancellationToken cancellation)
    {
        // Clips were refused on upload (ConversionService.VideoUnavailable), as /api/options says.
        var photos = request.Items.Cast<Upload>().ToList();
        return redis.Guard(() => store.CreateAsync(ResultStore.NewId(), request.Form!, request.Settings.Style!, photos, DateTimeOffset.UtcNow));
    }

    public async Task<JobStatus> StatusAsync(string id, CancellationToken cancellation) =>
        await ReadAsync(id) ?? throw new UnknownJobException();

    public async IAsyncEnumerable<JobStatus> WatchAsync(string id, [EnumeratorCancellation] CancellationToken cancellation)
    {
        // Subscribed before the first read, so no change falls between the read and the wait.
        var changes = await redis.Guard(() => redis.Subscriber.SubscribeAsync(RedisKeys.Changes(id)));
        try
        {
            while (true)
            {
                var status = await ReadOrNullAsync(id);
                if (status is null) yield break; // deleted (or Redis lost) while watched
                yield return status;
                if (status.IsFinished) yield break;
                await NextChangeAsync(changes, cancellation);
            }
        }
        finally
        {
            await changes.UnsubscribeAsync(CommandFlags.FireAndForget);
        }
    }

    public Task<JobResult?> ResultAsync(string id, int index, CancellationToken cancellation) => redis.Guard(() => store.ResultAsync(id, index));

    /// <summary>Redis keeps each photo's result only (see <see cref="PaintedAsync"/>).</summary>
    public Task<JobResult?> OriginalAsync(string id, int index, CancellationToken cancellation) => Task.FromResult<JobResult?>(null);

    /// <summary>
    /// Redis keeps each photo's result only: a painted picture is 3 MB of raw pixels at 1024 px, more
    /// than its result, for every photo whether or not it is ever finished anew.
    /// </summary>
    public async Task<PaintedSource?> PaintedAsync(string id, int index, CancellationToken cancellation)
    {
        await StatusAsync(id, cancellation);
        throw new ApiProblemException(new(StatusCodes.Status409Conflict, "New look unavailable",
            "this server shares its jobs through Redis, which keeps each photo's result but not its painted picture; convert the photo again to change its look"));
    }

    public Task<JobStatus?> RefinishedAsync(string id, int index, ConversionResult result, ConversionSettings settings, CancellationToken cancellation) =>
        throw new InvalidOperationException("no photo of a Redis job is finished anew: PaintedAsync refuses it");

    public Task<bool> DeleteAsync(string id) =>
        RedisKeys.IsJobId(id) ? redis.Guard(() => store.DeleteAsync(id)) : Task.FromResult(false);

    private Task<JobStatus?> ReadAsync(string id) =>
        RedisKeys.IsJobId(id) ? redis.Guard(() => store.ReadAsync(id)) : Task.FromResult<JobStatus?>(null);

    private async Task<JobStatus?> ReadOrNullAsync(string id)
    {
        try
        {
            return await ReadAsync(id);
        }
        catch (BackendUnavailableException)
        {
            return null;
        }
    }

    /// <summary>Waits for the job's next change, or <see cref="Recheck"/>; changes announced meanwhile are taken together.</summary>
    private static async Task NextChangeAsync(ChannelMessageQueue changes, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(Recheck);
        try
        {
            await changes.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
        }
        while (changes.TryRead(out _))
        {
        }
    }
}
