using System.Text.Json;
using System.Text.Json.Serialization;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Server.Api;
using AnimeGan.Server.Forms;
using AnimeGan.Server.Hosting;
using AnimeGan.Server.Jobs;
using AnimeGan.Server.Jobs.Redis;
using AnimeGan.Server.Samples;
using AnimeGan.Server.Styles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using StackExchange.Redis;

namespace AnimeGan.Server;

/// <summary>
/// Builds the web server: the page, the API under /api, /healthz. Models are loaded while building,
/// so a server that cannot convert never starts listening.
/// </summary>
public static class ServerApp
{
    /// <summary>
    /// Options come from configuration (appsettings.json beside the program, then the environment),
    /// then <paramref name="configure"/> on top (the serve command's options, or a test's).
    /// <paramref name="settings"/> override configuration keys, environment variables included
    /// (ANIMEGAN_MODELS, XDG_CACHE_HOME), for a server that must not see the process's environment.
    /// </summary>
    public static WebApplication Build(Action<ServerOptions>? configure = null, Action<ILoggingBuilder>? logging = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var options = ServerOptions.From(builder.Configuration);
        configure?.Invoke(options);
        options.Validate();

        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.DrainableRequestBytes; // the limit itself is the form reader's
        });
        builder.Services.Configure<FormOptions>(form =>
        {
            form.MultipartBodyLengthLimit = options.MaxUploadBytes;
            form.ValueCountLimit = ServerOptions.MaxFormFields;
            // Uploads stay in memory (the request size bounds them) instead of spilling into a shared temp folder.
            form.MemoryBufferThreshold = (int)Math.Min(options.MaxUploadBytes, int.MaxValue);
        });
        builder.Logging.ClearProviders();
        if (options.LogFormat == LogFormat.Json)
            builder.Logging.AddJsonConsole(json =>
            {
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                json.UseUtcTimestamp = true;
            });
        else
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // A start that fails (an address in use) is reported once, in words, by whoever started the server;
        // the host would also log it with the whole stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        logging?.Invoke(builder.Logging);

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddApiDocument();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemResponses>();
        if (options.CorsOrigins.Length > 0)
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins(options.CorsOrigins)
                .WithMethods("GET", "POST", "DELETE")
                .AllowAnyHeader()
                .WithExposedHeaders("Location", "Retry-After", "Content-Disposition", "Server-Timing")));

        builder.Services.AddSingleton(options);
        // Only the names this server is reached by: a page of another site cannot reach it by rebinding a DNS name to it.
        builder.Services.AddHostFiltering(filtering => filtering.AllowedHosts = options.EffectiveAllowedHosts);
        // Kestrel lets the requests in flight end: the grace period of the conversions, and a little to send their answers.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownGrace + TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(_ => new ModelStore(ModelDirectories.Resolve(options.Models, name => builder.Configuration[name]),
            new InferenceSettings { Threads = options.ThreadsPerWorker }));
        builder.Services.AddSingleton<StyleCatalog>();
        builder.Services.AddSingleton<ResultCache>();
        if (options.Redis is null) builder.Services.AddSingleton<IResultEntries, MemoryResultEntries>();
        else builder.Services.AddSingleton<IResultEntries, RedisResultEntries>();
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddSingleton<ConversionService>();
        builder.Services.AddSingleton(services => services.GetRequiredService<StyleCatalog>().FormChoices);
        builder.Services.AddSingleton<ConversionForm>();
        builder.Services.AddSingleton<SettingsBinder>();
        builder.Services.AddSingleton<ConversionRequestReader>();
        builder.Services.AddSingleton<SampleGallery>();
        builder.Services.AddSingleton<StylePreviews>();
        builder.Services.AddSingleton<ResultStore>();
        builder.Services.AddSingleton<JobRegistry>();
        builder.Services.AddSingleton<WorkQueue>();
        if (options.Redis is null) builder.Services.AddSingleton<IJobBackend, LocalJobBackend>();
        else
        {
            builder.Services.AddSingleton<RedisConnection>();
            builder.Services.AddSingleton<RedisJobStore>();
            builder.Services.AddSingleton<StoreRetry>();
            builder.Services.AddSingleton<IJobBackend, RedisJobBackend>();
            builder.Services.AddHostedService<RedisWorkers>();
        }
        builder.Services.AddHostedService<ConversionWorkers>();
        builder.Services.AddHostedService<JobSweeper>();

        var app = builder.Build();
        try
        {
            app.Services.GetRequiredService<StyleCatalog>();
            app.Services.GetRequiredService<SampleGallery>();
            app.Services.GetRequiredService<StylePreviews>();
            // A shared back-end that cannot be reached stops the start, as missing models do.
            if (options.Redis is not null) ConnectJobBackend(app.Services);
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        app.UseRequestLogging();
        if (options.Metrics)
            app.UseHttpMetrics(http => http.SetMetricFactory(app.Services.GetRequiredService<ServerMetrics>().Factory));
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHostFiltering();
        if (options.CorsOrigins.Length > 0) app.UseCors();
        app.UseCrossSiteRefusal(options);
        var page = new EmbeddedFileProvider(typeof(ServerApp).Assembly, "AnimeGan.Server.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = page,
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });

        LogSetUpWhenStarted(app, options);

        var api = app.MapGroup("/api");
        api.MapCatalog();
        api.MapConvert();
        api.MapJobs();
        app.MapHealth();
        if (options.Metrics) app.MapMetrics("/metrics", app.Services.GetRequiredService<ServerMetrics>().Registry);
        app.MapApiDocument();
        return app;
    }

    private static void ConnectJobBackend(IServiceProvider services)
    {
        var redis = services.GetRequiredService<RedisConnection>();
        try
        {
            services.GetRequiredService<RedisJobStore>().EnsureGroupAsync().GetAwaiter().GetResult();
        }
        catch (RedisException e)
        {
            throw new JobBackendUnavailableException($"the job back-end ({redis.Name}) refused to set up the job queue: {e.Message}");
        }
    }

    private static void LogSetUpWhenStarted(WebApplication app, ServerOptions options)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AnimeGan.Server");
        var styles = app.Services.GetRequiredService<StyleCatalog>();
        var scratch = app.Services.GetRequiredService<ResultStore>().Root;
        app.Lifetime.ApplicationStarted.Register(() => logger.LogInformation(
            "styles {Styles} (default {Default}, {Precision}); presets {Presets}; {Workers} worker(s) x {Threads} thread(s); queue {Queue}; " +
            "up to {Megabytes:0.#} MB per request and {Megapixels} MP per photo; results kept {Ttl} in {Scratch}",
            string.Join(", ", styles.AvailableNames), styles.DefaultStyle, styles.Precision, string.Join(", ", styles.Presets.Select(p => p.Name)),
            options.Workers, options.ThreadsPerWorker, options.QueueCapacity,
            options.MaxRequestBytes / 1048576.0, options.MaxMegapixels, options.ResultTtl, scratch));
        if (app.Services.GetService<RedisConnection>() is { } redis)
            app.Lifetime.ApplicationStarted.Register(() => logger.LogInformation(
                "jobs are shared through {Backend}: queue {Capacity} photos for all replicas, a photo taken over after {Timeout} without a sign of life",
                redis.Name, options.QueueCapacity + options.Workers, options.RedisVisibilityTimeout));
    }
}
