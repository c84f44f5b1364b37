using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AnimeGan.Pipeline;
using AnimeGan.Server.Styles;
using Microsoft.Extensions.Caching.Memory;

namespace AnimeGan.Server.Jobs;

/// <summary>
/// Photos converted before, answered again without running a model: keyed by the sha256 of the photo's
/// bytes, of the effective settings (look files by the sha256 of their bytes) and of every model file
/// the conversion runs, so a changed model or a different LUT never gets an old picture. Bounded by
/// the bytes it holds (<see cref="ServerOptions.ResultCacheBytes"/>) and by age; off at 0 bytes. The
/// entries are this process's (<see cref="MemoryResultEntries"/>), or with --redis every replica's
/// (<see cref="Redis.RedisResultEntries"/>).
/// </summary>
public sealed class ResultCache(ServerOptions options, StyleCatalog styles, IResultEntries entries)
{
    /// <summary>The response header of POST /api/convert that says whether the picture came from the cache ("hit") or a model run ("miss").</summary>
    public const string Header = "X-Result-Cache";

    /// <summary>The key of a photo converted with these settings; null when the cache is off.</summary>
    public string? KeyFor(byte[] photo, ConversionSettings settings)
    {
        if (options.ResultCacheBytes == 0) return null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(SHA256.HashData(photo));
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(settings));
        foreach (var digest in new[] { settings.Look.Lut?.Sha256, settings.Look.ColorRef?.Sha256 }.Concat(styles.ModelDigests(settings)))
            hash.AppendData(Encoding.ASCII.GetBytes(digest ?? "-"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public bool TryGet(string key, out ConversionResult result) => entries.TryGet(key, out result);

    public void Add(string key, ConversionResult result) => entries.Add(key, result);
}

/// <summary>Where the result cache keeps its entries; never fails a conversion (a store it cannot reach is a miss).</summary>
public interface IResultEntries
{
    bool TryGet(string key, out ConversionResult result);

    void Add(string key, ConversionResult result);
}

/// <summary>The result cache in this process's memory; a hit keeps the painted picture too, so a new look works on it.</summary>
public sealed class MemoryResultEntries(ServerOptions options) : IResultEntries, IDisposable
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.ResultCacheBytes) });

    public bool TryGet(string key, out ConversionResult result) => _entries.TryGetValue(key, out result!);

    public void Add(string key, ConversionResult result) =>
        _entries.Set(key, result, new MemoryCacheEntryOptions
        {
            Size = result.Encoded.Length + (result.Painted?.Data.Length ?? 0), AbsoluteExpirationRelativeToNow = options.ResultCacheTtl,
        });

    public void Dispose() => _entries.Dispose();
}
