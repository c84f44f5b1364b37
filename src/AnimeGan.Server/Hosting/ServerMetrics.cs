using AnimeGan.Models;
using AnimeGan.Server.Jobs;
using AnimeGan.Server.Jobs.Redis;
using Prometheus;

namespace AnimeGan.Server.Hosting;

/// <summary>
/// What GET /metrics tells Prometheus about this server: its requests (by route and status, from
/// prometheus-net's middleware), its jobs by state and its queue, conversion and stage seconds per
/// style, faces painted, the result cache's hits and misses, model load times, and the process (RSS,
/// CPU, GC). One registry per server, so servers in one process (tests) count apart.
/// </summary>
public sealed class ServerMetrics
{
    private readonly Histogram _conversionSeconds;
    private readonly Histogram _stageSeconds;
    private readonly Counter _conversions;
    private readonly Counter _faces;
    private readonly Counter _cacheLookups;

    /// <param name="redis">The shared back-end, when there is one: its queue, all replicas together, is counted too.</param>
    public ServerMetrics(JobRegistry jobs, WorkQueue queue, ModelStore models, RedisConnection? redis = null)
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Factory = Metrics.WithCustomRegistry(Registry);
        // Seconds a conversion of a photo takes here: from a small Cute picture to a large Hayao with faces and HD.
        double[] seconds = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128];
        _conversionSeconds = factory.CreateHistogram("animegan_conversion_seconds", "Time to convert one photo or clip, by style and kind",
            new HistogramConfiguration { LabelNames = ["style", "kind"], Buckets = seconds });
        _stageSeconds = factory.CreateHistogram("animegan_stage_seconds", "Time spent in each stage of a conversion, by style and stage",
            new HistogramConfiguration { LabelNames = ["style", "stage"], Buckets = seconds });
        _conversions = factory.CreateCounter("animegan_conversions_total", "Photos and clips converted, by style, kind and outcome",
            new CounterConfiguration { LabelNames = ["style", "kind", "outcome"] });
        _faces = factory.CreateCounter("animegan_faces_painted_total", "Faces repainted on their own (face protection)");
        _cacheLookups = factory.CreateCounter("animegan_result_cache_lookups_total", "Result cache look-ups, by result (hit or miss)",
            new CounterConfiguration { LabelNames = ["result"] });

        var jobStates = factory.CreateGauge("animegan_jobs", "Jobs the server holds, by state", new GaugeConfiguration { LabelNames = ["state"] });
        var queueDepth = factory.CreateGauge("animegan_queue_items", "Photos and clips admitted, by whether they wait or run",
            new GaugeConfiguration { LabelNames = ["status"] });
        var queueCapacity = factory.CreateGauge("animegan_queue_capacity", "Photos and clips that may wait at once");
        var shared = redis is null ? null : factory.CreateGauge("animegan_shared_queue_items",
            "Photos admitted into the shared Redis queue and not yet settled, all replicas together (the global capacity counts these)");
        var modelLoad = factory.CreateGauge("animegan_model_load_seconds", "How long each loaded model took to open",
            new GaugeConfiguration { LabelNames = ["model"] });
        // Levels are read when Prometheus scrapes rather than kept up to date at every change.
        Registry.AddBeforeCollectCallback(() =>
        {
            var counts = jobs.CountByState();
            foreach (var state in Enum.GetValues<JobState>())
                jobStates.WithLabels(state.ToString().ToLowerInvariant()).Set(counts.GetValueOrDefault(state));
            var status = queue.Status();
            queueDepth.WithLabels("waiting").Set(status.Waiting);
            queueDepth.WithLabels("running").Set(status.Running);
            queueCapacity.Set(status.Capacity);
            foreach (var model in models.LoadedImageModels)
                modelLoad.WithLabels(Path.GetFileName(model.ModelPath)).Set(model.LoadTime.TotalSeconds);
        });
        if (shared is not null) Registry.AddBeforeCollectCallback(_ => CountSharedAsync(redis!, shared));
    }

    /// <summary>
    /// One GET per scrape, awaited: a blocking call on the scrape's pool thread timed out while the pool was
    /// busy with conversions. While Redis is away the gauge keeps its last value rather than failing the scrape.
    /// </summary>
    private static async Task CountSharedAsync(RedisConnection redis, Gauge gauge)
    {
        try
        {
            gauge.Set((double)await redis.Database.StringGetAsync(RedisKeys.Admitted));
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
        }
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Makes metrics in this server's registry (the HTTP middleware's too).</summary>
    public IMetricFactory Factory { get; }

    /// <summary>A finished conversion: its time, each stage's, and the faces it painted.</summary>
    public void Converted(string style, string kind, TimeSpan took, IReadOnlyDictionary<string, double> stageMilliseconds, int faces)
    {
        _conversions.WithLabels(style, kind, "converted").Inc();
        _conversionSeconds.WithLabels(style, kind).Observe(took.TotalSeconds);
        foreach (var (stage, milliseconds) in stageMilliseconds)
            _stageSeconds.WithLabels(style, stage).Observe(milliseconds / 1000);
        _faces.Inc(faces);
    }

    public void Failed(string style, string kind) => _conversions.WithLabels(style, kind, "failed").Inc();

    public void CacheHit() => _cacheLookups.WithLabels("hit").Inc();

    public void CacheMiss() => _cacheLookups.WithLabels("miss").Inc();
}
