using AnimeGan.Imaging;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using Microsoft.Extensions.Configuration;

namespace AnimeGan.Server;

/// <summary>
/// How the server runs. Bound from the "AnimeGan" configuration section, so every value can also be
/// set from the environment (ANIMEGAN__WORKERS=2, ANIMEGAN__CORSORIGINS__0=https://example.org) or
/// appsettings.json; the `serve` command's options are applied on top.
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "AnimeGan";

    /// <summary>Form fields a request may have: every option once, a photo per field, and room to spare.</summary>
    public const int MaxFormFields = 256;

    /// <summary>Addresses Kestrel listens on, separated by ';'. Port 0 picks a free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5000";

    /// <summary>Model directory searched first (then $ANIMEGAN_MODELS, then the user cache).</summary>
    public string? Models { get; set; }

    /// <summary>
    /// Which file of each style the server runs: the float generator, or its INT8 quantization
    /// (`animegan models quantize`), about twice as fast on a CPU with integer dot-product instructions.
    /// </summary>
    public ModelPrecision Precision { get; set; } = ModelPrecision.Fp32;

    /// <summary>
    /// Photos converted at once. One by default: on a small machine one conversion using every core
    /// returns the first photo soonest, which is what a person waiting at the page feels (BENCHMARKS.md).
    /// </summary>
    public int Workers { get; set; } = 1;

    /// <summary>Inference threads per worker; 0 shares the cores out evenly between the workers.</summary>
    public int Threads { get; set; }

    /// <summary>Folder of sample photos for the page's gallery; none when unset.</summary>
    public string? Samples { get; set; }

    /// <summary>The sample each style's preview paints (a file name in <see cref="Samples"/>); the first sample when unset.</summary>
    public string? PreviewSample { get; set; }

    /// <summary>
    /// A JSON file of the operator's own presets (the format of the CLI's --preset-file, docs/LOOK.md),
    /// added to the built-in ones. Its LUT and colour-reference paths are files on this server.
    /// </summary>
    public string? PresetFile { get; set; }

    /// <summary>Largest request body of photos (all uploads of one request together).</summary>
    public long MaxRequestBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Largest clip upload; a request with a clip may be this large.</summary>
    public long MaxVideoBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Longest clip, in seconds. With the frame limit, what one clip may cost a worker: at the default
    /// working size a 2-core server paints some 2–8 frames a second (BENCHMARKS.md), so 20 s at 30 fps
    /// is one to five minutes.
    /// </summary>
    public double MaxVideoSeconds { get; set; } = 20;

    /// <summary>Most frames a clip may have, at its own rate or at the fps it asks for.</summary>
    public int MaxVideoFrames { get; set; } = 600;

    /// <summary>The folder of ffmpeg and ffprobe (else $ANIMEGAN_FFMPEG, else the PATH); without them the server converts photos only.</summary>
    public string? Ffmpeg { get; set; }

    /// <summary>Largest photo, in megapixels, checked on the header before decoding.</summary>
    public double MaxMegapixels { get; set; } = 50;

    /// <summary>
    /// Largest working size a client may ask for. The cost grows with its square: at 2048 one photo
    /// already keeps a 2-core worker busy for some 20 seconds (4 × the 1024 figure in BENCHMARKS.md).
    /// </summary>
    public int MaxWorkingSize { get; set; } = 2048;

    /// <summary>Photos that may wait for a worker; beyond that the server answers 503 with Retry-After.</summary>
    public int QueueCapacity { get; set; } = 32;

    /// <summary>Photos one job may hold.</summary>
    public int MaxImagesPerJob { get; set; } = 20;

    /// <summary>
    /// When the server stops (SIGTERM, Ctrl-C), how long the photos being converted may take to finish
    /// before they are cancelled; waiting photos are refused at once with 503.
    /// </summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a finished job and its results are kept.</summary>
    public TimeSpan ResultTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Memory for photos converted before: the same bytes with the same settings and models are
    /// answered from it without running a model (a page's "convert again", a client's retry). 0 turns
    /// it off. A 1024-px entry is its result (a JPEG of 0.2–0.5 MB) and, in this process's cache, the
    /// painted picture a new look starts from (about 2 MB), so the default holds about a hundred; in
    /// Redis (--redis) only the results are kept.
    /// </summary>
    public long ResultCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long a cached result may be served after it was made.</summary>
    public TimeSpan ResultCacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>text: one readable line per event; json: one JSON object per line with every field apart, for log collectors.</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Text;

    /// <summary>Whether GET /metrics answers (Prometheus' text format); it tells how busy the server is and which styles are used.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// The shared job back-end: a Redis address ("host:port") or StackExchange.Redis connection string
    /// (password=…, ssl=true, …). Replicas given the same one share their jobs: any of them accepts a job,
    /// converts it, and answers for it. Unset: jobs stay in this process (the embedded back-end).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>
    /// With Redis: how long a photo a replica took may go without a sign of life from it (its worker
    /// renews its claim at a third of this) before another replica takes it over, as after a crash.
    /// </summary>
    public TimeSpan RedisVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>With Redis: how many times a photo is handed to a worker before it is failed as one that stops every worker that takes it.</summary>
    public int RedisMaxDeliveries { get; set; } = 3;

    /// <summary>Origins allowed to call the API from a browser (CORS). None by default: same origin only.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>
    /// Host names requests may name (the Host header), e.g. ["anime.example.org"]. Unset: the loopback
    /// names when the server listens on loopback only, else any (a proxy in front then checks them).
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    public IList<string> EffectiveAllowedHosts =>
        AllowedHosts.Length > 0 ? AllowedHosts
        : Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(IsLoopback) ? ["localhost", "127.0.0.1", "[::1]"]
        : ["*"];

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url.Replace("://*", "://any", StringComparison.Ordinal).Replace("://+", "://any", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && (uri.IsLoopback || uri.Host == "localhost");

    public long MaxPixels => (long)(MaxMegapixels * 1_000_000);

    /// <summary>What the server's codec accepts: the pixel budget, and no upload larger than a request.</summary>
    public ImageLimits ImageLimits => new() { MaxPixels = MaxPixels, MaxBytes = MaxRequestBytes };

    /// <summary>
    /// How much of a refused, over-size body the server still reads and discards. Reading on after
    /// answering 413 lets the client finish sending and see the answer; closing on a client that is
    /// still sending makes it fail with a broken pipe instead. Bodies declared larger are cut off.
    /// </summary>
    public long DrainableRequestBytes => MaxUploadBytes * 2;

    /// <summary>The largest body the form reader takes: a request of photos, or one with a clip.</summary>
    public long MaxUploadBytes => Math.Max(MaxRequestBytes, MaxVideoBytes);

    /// <summary>Inference threads each worker's conversions use.</summary>
    public int ThreadsPerWorker => Threads > 0 ? Threads : Math.Max(1, Environment.ProcessorCount / Workers);

    public static ServerOptions From(IConfiguration configuration)
    {
        var options = new ServerOptions();
        configuration.GetSection(Section).Bind(options);
        return options;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Urls), nameof(Urls), "give at least one address, e.g. http://127.0.0.1:5000");
        foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Require(url.StartsWith("http://", StringComparison.OrdinalIgnoreCase), nameof(Urls),
                $"'{url}' is not an http:// address; the server speaks plain HTTP (put a TLS proxy in front of it for https)");
        Require(Workers is >= 1 and <= 64, nameof(Workers), "workers must be 1 to 64");
        Require(Threads is >= 0 and <= 256, nameof(Threads), "threads must be 0 (auto) to 256");
        Require(MaxRequestBytes is >= 1024 and <= 2L * 1024 * 1024 * 1024, nameof(MaxRequestBytes), "the request size limit must be 1 KB to 2 GB");
        Require(MaxVideoBytes is >= 1024 and <= 2L * 1024 * 1024 * 1024, nameof(MaxVideoBytes), "the clip size limit must be 1 KB to 2 GB");
        Require(MaxVideoSeconds is > 0 and <= 3600, nameof(MaxVideoSeconds), "the clip length limit must be above 0 and at most 3600 seconds");
        Require(MaxVideoFrames is >= 1 and <= 1_000_000, nameof(MaxVideoFrames), "the clip frame limit must be 1 to 1000000");
        Require(MaxMegapixels is > 0 and <= 1000, nameof(MaxMegapixels), "the pixel budget must be above 0 and at most 1000 MP");
        Require(MaxWorkingSize is >= WorkingSize.MinMaxSide and <= WorkingSize.MaxMaxSide, nameof(MaxWorkingSize),
            $"the largest working size must be {WorkingSize.MinMaxSide} to {WorkingSize.MaxMaxSide}");
        Require(QueueCapacity is >= 1 and <= 10_000, nameof(QueueCapacity), "the queue capacity must be 1 to 10000");
        Require(MaxImagesPerJob >= 1 && MaxImagesPerJob <= QueueCapacity + Workers, nameof(MaxImagesPerJob),
            "images per job must be at least 1 and fit in the queue (queue capacity + workers)");
        Require(ResultTtl >= TimeSpan.FromSeconds(1), nameof(ResultTtl), "results must be kept at least 1 second");
        Require(ResultCacheBytes is >= 0 and <= 64L * 1024 * 1024 * 1024, nameof(ResultCacheBytes), "the result cache must be 0 (off) to 64 GB");
        Require(ResultCacheTtl >= TimeSpan.FromSeconds(1), nameof(ResultCacheTtl), "cached results must be kept at least 1 second");
        Require(ShutdownGrace >= TimeSpan.Zero && ShutdownGrace <= TimeSpan.FromMinutes(10), nameof(ShutdownGrace), "the shutdown grace period must be 0 to 10 minutes");
        Require(RedisVisibilityTimeout >= TimeSpan.FromSeconds(1) && RedisVisibilityTimeout <= TimeSpan.FromHours(1), nameof(RedisVisibilityTimeout),
            "the visibility timeout must be 1 second to 1 hour");
        Require(RedisMaxDeliveries is >= 1 and <= 100, nameof(RedisMaxDeliveries), "the deliveries of a photo must be 1 to 100");
        foreach (var origin in CorsOrigins)
            Require(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/",
                nameof(CorsOrigins), $"'{origin}' is not an origin such as https://example.org");
    }

    private static void Require(bool condition, string setting, string message)
    {
        if (!condition) throw new ArgumentException($"{Section}:{setting}: {message}", setting);
    }
}

public enum LogFormat
{
    Text,
    Json,
}
