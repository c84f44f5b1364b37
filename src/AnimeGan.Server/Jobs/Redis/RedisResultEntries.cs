using System.Text.Json;
using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AnimeGan.Server.Jobs.Redis;

/// <summary>
/// The result cache in Redis, shared by every replica: a photo converted on one is answered from the
/// cache on any. An entry is a hash (the picture, and the JSON that describes it) that expires with the
/// cache's TTL; the bytes of all entries together are held to <see cref="ServerOptions.ResultCacheBytes"/>,
/// the oldest going first, by a script (atomic across replicas). Redis keeps no painted picture, so a
/// hit here gives no new look (which the shared back-end does not offer). Redis being away is a miss
/// and a lost entry, never a failed conversion.
/// </summary>
internal sealed class RedisResultEntries(RedisConnection redis, ServerOptions options, ILogger<RedisResultEntries> logger) : IResultEntries
{
    // Vector2's coordinates and the sizes' tuples are fields.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { IncludeFields = true };

    // KEYS: entry, index (sorted set: entry → time added), sizes (hash: entry → bytes), total bytes. ARGV: picture,
    // description, TTL (ms), now (ms), limit (bytes). Drops what expired and the oldest until the new entry fits.
    private const string AddScript = """
        local function drop(entry)
          local size = tonumber(redis.call('HGET', KEYS[3], entry) or '0')
          redis.call('HDEL', KEYS[3], entry)
          redis.call('ZREM', KEYS[2], entry)
          redis.call('DECRBY', KEYS[4], size)
          redis.call('DEL', entry)
        end
        for _, entry in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[4]) - tonumber(ARGV[3]))) do drop(entry) end
        drop(KEYS[1])
        local size = string.len(ARGV[1]) + string.len(ARGV[2])
        local limit = tonumber(ARGV[5])
        if size > limit then return 0 end
        redis.call('HSET', KEYS[1], 'picture', ARGV[1], 'description', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[4], KEYS[1])
        redis.call('HSET', KEYS[3], KEYS[1], size)
        local total = redis.call('INCRBY', KEYS[4], size)
        while total > limit do
          drop(redis.call('ZRANGE', KEYS[2], 0, 0)[1])
          total = tonumber(redis.call('GET', KEYS[4]))
        end
        return 1
        """;

    public bool TryGet(string key, out ConversionResult result)
    {
        result = null!;
        try
        {
            var fields = redis.Database.HashGet(RedisKeys.CachedResult(key), ["picture", "description"]);
            if (fields[0].IsNull || fields[1].IsNull) return false;
            var about = JsonSerializer.Deserialize<Description>(fields[1].ToString(), Json)!;
            var timings = new StageTimings();
            foreach (var (stage, milliseconds) in about.Timings) timings.Add(stage, milliseconds);
            result = new ConversionResult(fields[0]!, about.Format, about.SourceFormat, about.InputSize, about.WorkingSize, about.OutputSize, timings)
            {
                Faces = about.Faces,
            };
            return true;
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            logger.LogWarning("the result cache ({Backend}) cannot be reached; converting instead", redis.Name);
            return false;
        }
    }

    public void Add(string key, ConversionResult result)
    {
        var about = new Description(result.Format, result.SourceFormat, result.InputSize, result.WorkingSize, result.OutputSize,
            result.Timings.Stages, result.Faces);
        try
        {
            redis.Database.ScriptEvaluate(AddScript,
                [RedisKeys.CachedResult(key), RedisKeys.CacheIndex, RedisKeys.CacheSizes, RedisKeys.CacheBytes],
                [result.Encoded, JsonSerializer.Serialize(about, Json), (long)options.ResultCacheTtl.TotalMilliseconds,
                    DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), options.ResultCacheBytes]);
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            logger.LogWarning("the result cache ({Backend}) cannot be reached; the result is not cached", redis.Name);
        }
    }

    /// <summary>What a cached picture came from and with, beside its bytes.</summary>
    private sealed record Description(OutputFormat Format, string SourceFormat, (int Width, int Height) InputSize,
        (int Width, int Height) WorkingSize, (int Width, int Height) OutputSize, IReadOnlyList<KeyValuePair<string, double>> Timings,
        IReadOnlyList<Face> Faces);
}
