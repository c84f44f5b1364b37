using System.Text.Json;
using System.Text.Json.Serialization;
using AnimeGan.Server.Api;
using AnimeGan.Server.Forms;
using StackExchange.Redis;

namespace AnimeGan.Server.Jobs.Redis;

/// <summary>A photo a worker took from the stream: what it needs to convert it anywhere.</summary>
internal sealed record RedisWork(string JobId, int Index, SettingsForm Form, ImageStatus Status, byte[] Photo);

/// <summary>
/// A job's data in Redis, read and written by every replica. Each change that must not be lost or done
/// twice — admitting a job against the global capacity, settling an image once (however many workers
/// converted it), deleting — is one Lua script, so it is atomic across replicas.
/// </summary>
internal sealed class RedisJobStore(RedisConnection redis, ServerOptions options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>How long a job that never finishes (every replica gone) is kept before Redis drops it.</summary>
    private static readonly TimeSpan Unfinished = TimeSpan.FromDays(1);

    // KEYS: admitted, job, queue. ARGV: photos, capacity, expiry (s), job id, then the job's fields and values.
    // Returns the photos admitted after this one (> 0), or -1 - those admitted before it when it does not fit.
    private const string SubmitScript = """
        local n = tonumber(ARGV[1])
        local admitted = tonumber(redis.call('GET', KEYS[1]) or '0')
        if admitted + n > tonumber(ARGV[2]) then return -1 - admitted end
        redis.call('INCRBY', KEYS[1], n)
        redis.call('HSET', KEYS[2], unpack(ARGV, 5))
        redis.call('EXPIRE', KEYS[2], ARGV[3])
        for i = 0, n - 1 do redis.call('XADD', KEYS[3], '*', 'job', ARGV[4], 'index', i) end
        return admitted + n
        """;

    // KEYS: job. ARGV: index, the image's status, the job's channel. A progress report, dropped once the image is settled or the job is gone.
    private const string UpdateScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HGET', KEYS[1], 'settled:' .. ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'image:' .. ARGV[1], ARGV[2])
        redis.call('PUBLISH', ARGV[3], '1')
        return 1
        """;

    // KEYS: job, admitted. ARGV: index, the image's final status, now (ms), result TTL (s), the job's channel, then more fields and values.
    // The first settlement of an image wins: it frees its place in the queue, drops the upload, and, when it is the
    // job's last, starts the TTL of the job and its results. Returns the images left (0: the job is finished),
    // -1 when the job is gone, -2 when the image was settled already (by another delivery), -3 when the job was cancelled.
    private const string SettleScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
        if redis.call('HSETNX', KEYS[1], 'settled:' .. ARGV[1], '1') == 0 then return -2 end
        redis.call('DECR', KEYS[2])
        redis.call('DEL', KEYS[1] .. ':upload:' .. ARGV[1])
        if redis.call('HGET', KEYS[1], 'cancelled') then return -3 end
        redis.call('HSET', KEYS[1], 'image:' .. ARGV[1], ARGV[2])
        if #ARGV > 5 then redis.call('HSET', KEYS[1], unpack(ARGV, 6)) end
        local left = redis.call('HINCRBY', KEYS[1], 'remaining', -1)
        if left == 0 then
          redis.call('HSET', KEYS[1], 'finished', ARGV[3])
          redis.call('EXPIRE', KEYS[1], ARGV[4])
          for i = 0, tonumber(redis.call('HGET', KEYS[1], 'count')) - 1 do redis.call('EXPIRE', KEYS[1] .. ':result:' .. i, ARGV[4]) end
        end
        redis.call('PUBLISH', ARGV[5], '1')
        return left
        """;

    // KEYS: job, admitted. ARGV: tombstone TTL (s), the job's channel, the cancel channel, the job id.
    // Settles every image not settled yet (freeing their places), deletes uploads and results, and leaves a
    // tombstone so that workers still holding its photos find it cancelled. Returns 0 when there was no such job.
    private const string DeleteScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HGET', KEYS[1], 'deleted') then return 0 end
        local freed = 0
        for i = 0, tonumber(redis.call('HGET', KEYS[1], 'count')) - 1 do
          if redis.call('HSETNX', KEYS[1], 'settled:' .. i, '1') == 1 then freed = freed + 1 end
          redis.call('DEL', KEYS[1] .. ':upload:' .. i, KEYS[1] .. ':result:' .. i)
        end
        if freed > 0 then redis.call('DECRBY', KEYS[2], freed) end
        redis.call('HSET', KEYS[1], 'deleted', '1', 'cancelled', '1')
        redis.call('EXPIRE', KEYS[1], ARGV[1])
        redis.call('PUBLISH', ARGV[2], '1')
        redis.call('PUBLISH', ARGV[3], ARGV[4])
        return 1
        """;

    private IDatabase Db => redis.Database;

    /// <summary>Seconds a photo took on this replica lately, for the Retry-After of a full queue.</summary>
    public double SecondsPerPhoto { get; private set; } = 2;

    public void Took(TimeSpan took) => SecondsPerPhoto = 0.7 * SecondsPerPhoto + 0.3 * took.TotalSeconds;

    /// <summary>The capacity of the queue, the same on every replica: photos waiting plus those being converted.</summary>
    public int Capacity => options.QueueCapacity + options.Workers;

    /// <summary>Creates the consumer group (and the stream) unless it exists; from the start of the stream, so nothing queued is missed.</summary>
    public async Task EnsureGroupAsync()
    {
        try
        {
            await Db.StreamCreateConsumerGroupAsync(RedisKeys.Queue, RedisKeys.Group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    /// <summary>
    /// Forgets the consumers (workers of replicas gone) that hold no photo and have not read for an hour:
    /// each replica's start adds its own, and a dead one's photos are taken over, not its name. Returns how many.
    /// </summary>
    public async Task<int> ForgetIdleConsumersAsync()
    {
        var forgotten = 0;
        foreach (var consumer in await Db.StreamConsumerInfoAsync(RedisKeys.Queue, RedisKeys.Group))
        {
            if (consumer.PendingMessageCount > 0 || consumer.IdleTimeInMilliseconds < TimeSpan.FromHours(1).TotalMilliseconds) continue;
            await Db.StreamDeleteConsumerAsync(RedisKeys.Queue, RedisKeys.Group, consumer.Name);
            forgotten++;
        }
        return forgotten;
    }

    /// <summary>Stores the photos, then admits the job and queues them in one step; <see cref="ServerBusyException"/> when they do not fit.</summary>
    public async Task<JobStatus> CreateAsync(string id, SettingsForm form, string style, IReadOnlyList<Upload> photos, DateTimeOffset created)
    {
        var expiry = options.ResultTtl + Unfinished;
        await Task.WhenAll(photos.Select((photo, index) => Db.StringSetAsync(RedisKeys.Upload(id, index), photo.Bytes, expiry)));
        var images = photos.Select((photo, index) => Queued(id, index, photo.Name)).ToList();
        var fields = new List<RedisValue>
        {
            "style", style, "created", created.ToUnixTimeMilliseconds(), "count", photos.Count, "remaining", photos.Count,
            "form", JsonSerializer.Serialize(form, Json),
        };
        foreach (var image in images) fields.AddRange([$"image:{image.Index}", JsonSerializer.Serialize(image, Json)]);
        var admitted = (long)await Db.ScriptEvaluateAsync(SubmitScript, [RedisKeys.Admitted, RedisKeys.Job(id), RedisKeys.Queue],
            [photos.Count, Capacity, (long)expiry.TotalSeconds, id, .. fields]);
        if (admitted < 0)
        {
            await Db.KeyDeleteAsync(photos.Select((_, index) => RedisKeys.Upload(id, index)).ToArray());
            throw new ServerBusyException(WorkQueue.RetryAfter(-1 - admitted + photos.Count - Capacity, options.Workers, SecondsPerPhoto));
        }
        try
        {
            await redis.Subscriber.PublishAsync(RedisKeys.Queued, id);
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            // The job is queued: idle workers find it at their next look anyway. Answering 503 now would have it submitted twice.
        }
        return new JobStatus(id, JobState.Queued, 0, style, created, null, null, images);
    }

    /// <summary>The job as GET /api/jobs/{id} shows it; null when there is none (never was, expired, deleted).</summary>
    public async Task<JobStatus?> ReadAsync(string id)
    {
        var entries = await Db.HashGetAllAsync(RedisKeys.Job(id));
        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value);
        if (!fields.TryGetValue("count", out var countValue) || fields.ContainsKey("deleted")) return null;
        var cancelled = fields.ContainsKey("cancelled");
        var images = Enumerable.Range(0, (int)countValue).Select(index =>
        {
            var image = JsonSerializer.Deserialize<ImageStatus>(fields[$"image:{index}"].ToString(), Json)!;
            // A cancelled job's unfinished images are cancelled, whatever their worker last wrote.
            return cancelled && !JobStatus.IsFinal(image.State) ? image with { State = ImageState.Cancelled, Stage = "cancelled" } : image;
        }).ToList();
        var finished = fields.TryGetValue("finished", out var at) ? DateTimeOffset.FromUnixTimeMilliseconds((long)at) : (DateTimeOffset?)null;
        return new JobStatus(id, JobStatus.StateOf(cancelled, images.Select(i => i.State).ToList()),
            JobStatus.ProgressOf(images.Select(i => (i.State, i.Progress))), fields["style"].ToString(),
            DateTimeOffset.FromUnixTimeMilliseconds((long)fields["created"]), finished, finished + options.ResultTtl, images);
    }

    /// <summary>A converted image's result to send; null when there is none (not converted, deleted, expired).</summary>
    public async Task<JobResult?> ResultAsync(string id, int index)
    {
        var values = await Db.HashGetAsync(RedisKeys.Job(id), [$"image:{index}", $"extension:{index}"]);
        var bytes = await Db.StringGetAsync(RedisKeys.Result(id, index));
        if (values[0].IsNull || values[1].IsNull || bytes.IsNull) return null;
        var image = JsonSerializer.Deserialize<ImageStatus>(values[0].ToString(), Json)!;
        return new JobResult(image.MediaType!, values[1].ToString(), null, bytes!);
    }

    public async Task<bool> DeleteAsync(string id) =>
        (long)await Db.ScriptEvaluateAsync(DeleteScript, [RedisKeys.Job(id), RedisKeys.Admitted],
            [(long)options.ResultTtl.TotalSeconds, RedisKeys.Changes(id).ToString(), RedisKeys.Cancelled.ToString(), id]) == 1;

    // ---- the workers' side ----

    /// <summary>The next photo nobody has taken, now claimed by <paramref name="consumer"/>; null when none waits.</summary>
    public async Task<StreamEntry?> TakeNewAsync(string consumer)
    {
        var entries = await Db.StreamReadGroupAsync(RedisKeys.Queue, RedisKeys.Group, consumer, StreamPosition.NewMessages, count: 1);
        return entries.Length == 0 ? null : entries[0];
    }

    /// <summary>
    /// A photo whose worker has given no sign of life for the visibility timeout (its replica died),
    /// now claimed by <paramref name="consumer"/>; null when there is none.
    /// </summary>
    public async Task<StreamEntry?> ReclaimAsync(string consumer)
    {
        var claimed = await Db.StreamAutoClaimAsync(RedisKeys.Queue, RedisKeys.Group, consumer,
            (long)options.RedisVisibilityTimeout.TotalMilliseconds, "0-0", count: 1);
        // Entries deleted from the stream while pending: nothing left to do for them.
        if (claimed.DeletedIds.Length > 0) await Db.StreamAcknowledgeAsync(RedisKeys.Queue, RedisKeys.Group, claimed.DeletedIds);
        return claimed.ClaimedEntries.Length == 0 ? null : claimed.ClaimedEntries[0];
    }

    /// <summary>How many times the entry has been handed to a worker, this time included.</summary>
    public async Task<int> DeliveriesAsync(RedisValue entryId)
    {
        var pending = await Db.StreamPendingMessagesAsync(RedisKeys.Queue, RedisKeys.Group, 1, RedisValue.Null, entryId, entryId);
        return pending.Length == 0 ? 0 : pending[0].DeliveryCount;
    }

    /// <summary>Renews <paramref name="consumer"/>'s claim, so the entry's idle time starts again (a sign of life; no delivery counted).</summary>
    public Task RenewAsync(string consumer, RedisValue entryId) =>
        Db.StreamClaimIdsOnlyAsync(RedisKeys.Queue, RedisKeys.Group, consumer, 0, [entryId]);

    /// <summary>Done with the entry, whatever became of it: off the pending list and out of the stream.</summary>
    public async Task FinishEntryAsync(RedisValue entryId)
    {
        await Db.StreamAcknowledgeAsync(RedisKeys.Queue, RedisKeys.Group, entryId);
        await Db.StreamDeleteAsync(RedisKeys.Queue, [entryId]);
    }

    /// <summary>What a worker needs for image <paramref name="index"/> of the job; null when there is nothing to do (deleted, settled, gone).</summary>
    public async Task<RedisWork?> LoadAsync(string id, int index)
    {
        var values = await Db.HashGetAsync(RedisKeys.Job(id), ["form", $"image:{index}", $"settled:{index}", "cancelled"]);
        if (values[0].IsNull || values[1].IsNull || !values[2].IsNull || !values[3].IsNull) return null;
        var photo = await Db.StringGetAsync(RedisKeys.Upload(id, index));
        if (photo.IsNull) return null;
        return new RedisWork(id, index, JsonSerializer.Deserialize<SettingsForm>(values[0].ToString(), Json)!,
            JsonSerializer.Deserialize<ImageStatus>(values[1].ToString(), Json)!, photo!);
    }

    public async Task<bool> IsCancelledAsync(string id) => await Db.HashExistsAsync(RedisKeys.Job(id), "cancelled");

    /// <summary>Shows an image's progress to every replica; best effort (a lost report is followed by the next).</summary>
    public void Update(string id, ImageStatus image) =>
        Db.ScriptEvaluate(UpdateScript, [RedisKeys.Job(id)], [image.Index, JsonSerializer.Serialize(image, Json), RedisKeys.Changes(id).ToString()],
            CommandFlags.FireAndForget);

    /// <summary>Stores a converted image's bytes unless another delivery of it stored them first: a result is stored once.</summary>
    public void StoreResult(string id, int index, byte[] bytes) =>
        Db.StringSet(RedisKeys.Result(id, index), bytes, options.ResultTtl + Unfinished, When.NotExists);

    public void DropResult(string id, int index) => Db.KeyDelete(RedisKeys.Result(id, index));

    /// <summary>Records an image's final status (done or failed) once; see <see cref="SettleScript"/> for what it returns.</summary>
    public long Settle(string id, ImageStatus image, string? extension = null)
    {
        RedisValue[] values =
        [
            image.Index, JsonSerializer.Serialize(image, Json), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            (long)options.ResultTtl.TotalSeconds, RedisKeys.Changes(id).ToString(),
            .. extension is null ? Array.Empty<RedisValue>() : [$"extension:{image.Index}", extension],
        ];
        return (long)Db.ScriptEvaluate(SettleScript, [RedisKeys.Job(id), RedisKeys.Admitted], values);
    }

    public static ImageStatus Queued(string id, int index, string name) =>
        new(index, name, ImageState.Queued, 0, "queued", null, null, null, null, null, null, null);
}
