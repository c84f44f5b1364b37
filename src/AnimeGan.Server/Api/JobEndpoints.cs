using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using AnimeGan.Server.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Api;

/// <summary>
/// /api/jobs: submit photos and clips (202 + Location), watch them (JSON or server-sent events), fetch
/// results, cancel and delete; over whichever <see cref="IJobBackend"/> the server runs.
/// </summary>
internal static class JobEndpoints
{
    public static void MapJobs(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs");

        jobs.MapPost("", async (HttpContext context, ConversionRequestReader reader, IJobBackend backend, ServerOptions options) =>
        {
            using var request = await reader.ReadAsync(context.Request, options.MaxImagesPerJob, acceptsClips: true, context.RequestAborted);
            var status = await backend.SubmitAsync(request, context.RequestAborted);
            return TypedResults.Accepted($"/api/jobs/{status.Id}", status);
        }).WithMetadata(new ReadsConversionForm("photos and clips"));

        jobs.MapGet("/{id}", async (string id, IJobBackend backend, CancellationToken cancellation) =>
            TypedResults.Ok(await backend.StatusAsync(id, cancellation)));

        jobs.MapGet("/{id}/events", async (string id, IJobBackend backend, CancellationToken cancellation) =>
        {
            // Looked up first, so an unknown job is a 404 rather than an empty stream.
            await backend.StatusAsync(id, cancellation);
            return TypedResults.ServerSentEvents(backend.WatchAsync(id, cancellation), eventType: "status");
        });

        jobs.MapMethods("/{id}/results/{index:int}", [HttpMethods.Get, HttpMethods.Head], async (string id, int index, bool? download,
            IJobBackend backend, HttpResponse response, CancellationToken cancellation) =>
        {
            var job = await backend.StatusAsync(id, cancellation);
            var image = ImageOf(job, index);
            if (image.Error is not null) throw new ApiProblemException(image.Error);
            var result = await backend.ResultAsync(id, index, cancellation) ?? throw new ApiProblemException(new(StatusCodes.Status409Conflict,
                "Not ready", $"image {index} is {image.State.ToString().ToLowerInvariant()}; its result is not ready"));
            ConvertEndpoints.SetDisposition(response, DownloadNameOf(job, image, result), download == true);
            // Asked again each time (a file answers 304 when unchanged): a new look replaces a result under the same address.
            response.Headers.CacheControl = "private, no-cache";
            // Ranges, so a browser's <video> can seek in a clip.
            return result.Path is { } path
                ? (IResult)TypedResults.PhysicalFile(path, result.MediaType, enableRangeProcessing: true)
                : TypedResults.File(result.Bytes!, result.MediaType, enableRangeProcessing: true);
        });

        // The photo as uploaded, while the server keeps it: the page's "before" after a reload.
        jobs.MapGet("/{id}/originals/{index:int}", async (string id, int index, IJobBackend backend, CancellationToken cancellation) =>
        {
            ImageOf(await backend.StatusAsync(id, cancellation), index);
            var original = await backend.OriginalAsync(id, index, cancellation) ?? throw new ApiProblemException(new(StatusCodes.Status404NotFound,
                "No original kept", $"image {index}'s photo is not kept: it is not converted yet, it is a clip, or this server keeps results only"));
            return TypedResults.PhysicalFile(original.Path!, original.MediaType);
        });

        // A new look (or HD, size, format) for a converted photo, from its painted picture: no generator run.
        // The result replaces the job's and is the answer, so the page shows it without asking again.
        jobs.MapPost("/{id}/results/{index:int}/look", async (string id, int index, HttpContext context, ConversionRequestReader reader,
            IJobBackend backend, ConversionService conversions) =>
        {
            var cancellation = context.RequestAborted;
            var job = await backend.StatusAsync(id, cancellation);
            var image = ImageOf(job, index);
            var source = await backend.PaintedAsync(id, index, cancellation) ?? throw new ApiProblemException(new(StatusCodes.Status409Conflict,
                "Not converted", image.State == ImageState.Done
                    ? $"image {index} is a clip; a clip's look is set when it is converted"
                    : $"image {index} is {image.State.ToString().ToLowerInvariant()}; a new look needs the converted photo"));
            var settings = await reader.ReadFinishAsync(context.Request, source.Settings, cancellation);
            var result = await conversions.RefinishAsync(source, settings, cancellation);
            var status = await backend.RefinishedAsync(id, index, result, settings, cancellation) ?? throw new UnknownJobException();
            ConvertEndpoints.SetDisposition(context.Response, status.Images[index].Download!, attachment: false);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.File(result.Encoded, result.Format.MediaType());
        }).WithMetadata(new ReadsConversionForm(Uploads: null));

        // Every finished result of the job in one ZIP, named after the job: animegan-1f3a9c2e_hayao.zip.
        jobs.MapGet("/{id}/results.zip", async (string id, IJobBackend backend, ResultStore store, HttpResponse response, CancellationToken cancellation) =>
        {
            var job = await backend.StatusAsync(id, cancellation);
            return await ArchiveAsync(response, backend, [job], OutputName.Tagged($"animegan-{job.Id[..8]}", job.NameTag ?? job.Style) + ".zip", store, cancellation);
        });

        // The page's "Download all": the results of the jobs it made, one per photo, in one ZIP.
        api.MapGet("/results.zip", async (string[] job, IJobBackend backend, ResultStore store, HttpResponse response, CancellationToken cancellation) =>
        {
            if (job.Length == 0) throw new BadOptionException("job", "name the jobs to pack: /api/results.zip?job=ID&job=ID");
            var jobs = new List<JobStatus>();
            foreach (var id in job.Distinct()) jobs.Add(await backend.StatusAsync(id, cancellation));
            return await ArchiveAsync(response, backend, jobs, "animegan-results.zip", store, cancellation);
        });

        jobs.MapDelete("/{id}", async (string id, IJobBackend backend, ILogger<Job> logger) =>
        {
            if (!await backend.DeleteAsync(id)) throw new UnknownJobException();
            logger.LogInformation("job {Job} deleted", id);
            return TypedResults.NoContent();
        });
    }

    private static ImageStatus ImageOf(JobStatus job, int index) => index >= 0 && index < job.Images.Count
        ? job.Images[index]
        : throw new ApiProblemException(new(StatusCodes.Status404NotFound, "Unknown image", $"this job has {job.Images.Count} image(s), numbered from 0"));

    /// <summary>The name a result is downloaded under: the one the job gave it, else the photo's name with the job's style.</summary>
    private static string DownloadNameOf(JobStatus job, ImageStatus image, JobResult result) =>
        image.Download ?? OutputName.For(image.Name, job.Style, result.Extension);

    private static async Task<FileStreamHttpResult> ArchiveAsync(HttpResponse response, IJobBackend backend, IReadOnlyList<JobStatus> jobs, string fileName,
        ResultStore store, CancellationToken cancellation)
    {
        var entries = new List<(string Name, JobResult Result)>();
        foreach (var job in jobs)
        foreach (var image in job.Images.Where(i => i.Result is not null))
            if (await backend.ResultAsync(job.Id, image.Index, cancellation) is { } result)
                entries.Add((DownloadNameOf(job, image, result), result));
        var archive = ResultsArchive.Build(entries, store.ArchivePath());
        ConvertEndpoints.SetDisposition(response, fileName, attachment: true);
        return TypedResults.File(archive, "application/zip");
    }
}
