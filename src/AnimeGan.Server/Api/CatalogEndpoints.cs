using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using AnimeGan.Server.Forms;
using AnimeGan.Server.Jobs;
using AnimeGan.Server.Jobs.Redis;
using AnimeGan.Server.Samples;
using AnimeGan.Server.Styles;
using AnimeGan.Video;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AnimeGan.Server.Api;

/// <summary>What the server offers: styles, the options a conversion takes (the page draws its panel from these), samples, health.</summary>
internal static class CatalogEndpoints
{
    public static void MapCatalog(this RouteGroupBuilder api)
    {
        api.MapGet("/styles", (StyleCatalog styles, StylePreviews previews, ConversionForm form) => TypedResults.Ok(new
        {
            Default = styles.DefaultStyle,
            Precision = styles.Precision,
            Styles = styles.Styles.Select(previews.WithPreview),
            // Each preset's look in form fields, so the page can set its controls to it.
            Presets = styles.Presets.Select(preset => new
            {
                preset.Name,
                preset.Title,
                preset.Style,
                preset.Description,
                preset.BuiltIn,
                Available = styles.IsAvailable(preset.Style),
                Values = form.Values(form.Defaults with { Style = preset.Style, Look = preset.Look }),
            }),
        }));

        api.MapGet("/styles/{name}/preview", async (string name, StylePreviews previews, HttpResponse response, CancellationToken cancellation) =>
        {
            var jpeg = await previews.GetAsync(name, cancellation);
            response.Headers.CacheControl = "public, max-age=3600";
            return TypedResults.File(jpeg, "image/jpeg");
        });

        api.MapGet("/options", (ConversionForm form, ServerOptions options, ConversionService conversions) => TypedResults.Ok(new
        {
            Options = form.Describe(),
            // What the page says while each stage runs: the stages' own words.
            Stages = Stages.All,
            Limits = new
            {
                options.MaxRequestBytes,
                options.MaxMegapixels,
                options.MaxImagesPerJob,
                Formats = ImageCodec.AcceptedFormatsText,
            },
            Video = new
            {
                Available = conversions.VideoUnavailable is null,
                Unavailable = conversions.VideoUnavailable,
                options.MaxVideoBytes,
                options.MaxVideoSeconds,
                options.MaxVideoFrames,
                Extensions = VideoFiles.Extensions,
            },
        }));

        var samples = api.MapGroup("/samples");
        samples.MapGet("", (SampleGallery gallery) => TypedResults.Ok(gallery.List));
        samples.MapGet("/{name}", (string name, SampleGallery gallery) =>
        {
            var (path, mediaType) = gallery.Locate(name);
            return TypedResults.PhysicalFile(path, mediaType);
        });
        samples.MapGet("/{name}/thumbnail", (string name, SampleGallery gallery) =>
            TypedResults.File(gallery.Thumbnail(name), "image/jpeg"));
    }

    /// <summary>
    /// /healthz: the process is alive and answers (liveness). /readyz: it should be sent work — the
    /// default style's model is loaded (the server does not start otherwise), the job back-end answers,
    /// and it is not stopping; 503 with the reason when not (readiness, for load balancers and orchestrators).
    /// </summary>
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (StyleCatalog styles, WorkQueue queue, JobRegistry jobs) => TypedResults.Ok(new
        {
            Status = "ok",
            Styles = styles.AvailableNames,
            Precision = styles.Precision,
            Queue = queue.Status(),
            Jobs = jobs.Count,
        }));
        app.MapGet("/readyz", IResult (StyleCatalog styles, IHostApplicationLifetime lifetime, IServiceProvider services) =>
        {
            var stopping = lifetime.ApplicationStopping.IsCancellationRequested;
            var redis = services.GetService<RedisConnection>();
            var backendDown = redis is { IsConnected: false };
            var checks = new Dictionary<string, string>
            {
                ["models"] = $"loaded ({styles.DefaultStyle}, {styles.Precision.ToString().ToLowerInvariant()})",
                ["backend"] = redis is null ? "in-process" : $"redis {redis.Name}: {(backendDown ? "unreachable" : "connected")}",
                ["lifetime"] = stopping ? "stopping" : "running",
            };
            return stopping || backendDown
                ? TypedResults.Json(new { Status = stopping ? "stopping" : "backend unavailable", Checks = checks }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Ok(new { Status = "ready", Checks = checks });
        });
    }
}
