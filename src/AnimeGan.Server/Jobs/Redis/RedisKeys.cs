using StackExchange.Redis;

namespace AnimeGan.Server.Jobs.Redis;

/// <summary>
/// Everything this back-end keeps in Redis, all under "animegan:". The scripts in <see cref="RedisJobStore"/>
/// make a job's upload and result names from its hash's name the same way, so they are spelled here only.
/// </summary>
internal static class RedisKeys
{
    /// <summary>Stream: one entry (job, index) per photo to convert, read by the <see cref="Group"/>.</summary>
    public const string Queue = "animegan:queue";

    public const string Group = "workers";

    /// <summary>Photos admitted and not yet settled, all replicas together: the global queue capacity is checked against it.</summary>
    public const string Admitted = "animegan:admitted";

    /// <summary>Published to after a submission, to wake idle workers on every replica.</summary>
    public static readonly RedisChannel Queued = RedisChannel.Literal("animegan:queued");

    /// <summary>Published to with a job's id when it is deleted, so the replicas converting its photos stop.</summary>
    public static readonly RedisChannel Cancelled = RedisChannel.Literal("animegan:cancelled");

    /// <summary>Hash of a job: its fields (style, created, count, form …) and each image's status (image:N).</summary>
    public static RedisKey Job(string id) => $"animegan:job:{id}";

    public static RedisKey Upload(string id, int index) => $"animegan:job:{id}:upload:{index}";

    public static RedisKey Result(string id, int index) => $"animegan:job:{id}:result:{index}";

    /// <summary>Published to at each change of the job, for whoever watches its events on any replica.</summary>
    public static RedisChannel Changes(string id) => RedisChannel.Literal($"animegan:job:{id}");

    /// <summary>Hash of a cached result (<see cref="RedisResultEntries"/>): its picture and description, by the cache's key.</summary>
    public static RedisKey CachedResult(string key) => $"animegan:cache:{key}";

    /// <summary>Sorted set of the cached results by the time they were added (milliseconds): the oldest go first.</summary>
    public const string CacheIndex = "animegan:cache-index";

    /// <summary>Hash of each cached result's bytes, and their total: the cache is held to its size across replicas.</summary>
    public const string CacheSizes = "animegan:cache-sizes", CacheBytes = "animegan:cache-bytes";

    /// <summary>Job ids are 32 lowercase hex digits (<see cref="ResultStore.NewId"/>); anything else names no job and no key.</summary>
    public static bool IsJobId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}
