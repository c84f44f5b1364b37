using System.Runtime.CompilerServices;
using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using AnimeGan.Server.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Api;

/// <summary>/api/jobs: submit photos and clips (202 + Location), watch them (JSON or server-sent events), fetch results, cancel and delete.</summary>
internal static class JobEndpoints
{
    public static void MapJobs(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs");

        jobs.MapPost("", async (HttpContext context, ConversionRequestReader reader, JobRegistry registry, WorkQueue queue,
            ServerOptions options, ILogger<Job> logger) =>
        {
            using var request = await reader.ReadAsync(context.Request, options.MaxImagesPerJob, acceptsClips: true, context.RequestAborted);
            var job = registry.Create(request);
            try
            {
                for (var index = 0; index < job.Count; index++)
                {
                    if (request.Items[index] is StagedClip clip) File.Move(clip.Path, job.UploadPath(index));
                    else ResultStore.WriteFile(job.UploadPath(index), ((Upload)request.Items[index]).Bytes);
                }
                queue.Enqueue(Enumerable.Range(0, job.Count).Select(index => new JobImageWork(job, index, logger)).ToList());
            }
            catch
            {
                registry.Delete(job.Id);
                throw;
            }
            return TypedResults.Accepted($"/api/jobs/{job.Id}", job.Snapshot());
        }).WithMetadata(new ReadsConversionForm("photos and clips"));

        jobs.MapGet("/{id}", (string id, JobRegistry registry) => TypedResults.Ok(registry.Get(id).Snapshot()));

        jobs.MapGet("/{id}/events", (string id, JobRegistry registry, CancellationToken cancellation) =>
            TypedResults.ServerSentEvents(Watch(registry.Get(id), cancellation), eventType: "status"));

        jobs.MapMethods("/{id}/results/{index:int}", [HttpMethods.Get, HttpMethods.Head], (string id, int index, bool? download,
            JobRegistry registry, HttpResponse response) =>
        {
            var job = registry.Get(id);
            if (index < 0 || index >= job.Count)
                throw new ApiProblemException(new(StatusCodes.Status404NotFound, "Unknown image",
                    $"this job has {job.Count} image(s), numbered from 0"));
            var image = job.Snapshot().Images[index];
            if (image.Error is not null) throw new ApiProblemException(image.Error);
            var file = job.ResultFile(index) ?? throw new ApiProblemException(new(StatusCodes.Status409Conflict, "Not ready",
                $"image {index} is {image.State.ToString().ToLowerInvariant()}; its result is not ready"));
            if (!File.Exists(file.Path)) throw new UnknownJobException(); // deleted between the look-up and now
            ConvertEndpoints.SetDisposition(response, job.DownloadName(index, file), download == true);
            response.Headers.CacheControl = "private, max-age=3600";
            // Ranges, so a browser's <video> can seek in a clip.
            return TypedResults.PhysicalFile(file.Path, file.MediaType, enableRangeProcessing: true);
        });

        // Every finished result of the job in one ZIP, named after the job: animegan-1f3a9c2e_hayao.zip.
        jobs.MapGet("/{id}/results.zip", (string id, JobRegistry registry, ResultStore store, HttpResponse response) =>
        {
            var job = registry.Get(id);
            return Archive(response, [job], OutputName.Tagged($"animegan-{job.Id[..8]}", job.NameTag) + ".zip", store);
        });

        // The page's "Download all": the results of the jobs it made, one per photo, in one ZIP.
        api.MapGet("/results.zip", (string[] job, JobRegistry registry, ResultStore store, HttpResponse response) =>
        {
            if (job.Length == 0) throw new BadOptionException("job", "name the jobs to pack: /api/results.zip?job=ID&job=ID");
            return Archive(response, job.Distinct().Select(registry.Get).ToList(), "animegan-results.zip", store);
        });

        jobs.MapDelete("/{id}", (string id, JobRegistry registry, ILogger<Job> logger) =>
        {
            if (!registry.Delete(id)) throw new UnknownJobException();
            logger.LogInformation("job {Job} deleted", id);
            return TypedResults.NoContent();
        });
    }

    private static FileStreamHttpResult Archive(HttpResponse response, IReadOnlyList<Job> jobs, string fileName, ResultStore store)
    {
        var archive = ResultsArchive.Build(jobs, store.ArchivePath());
        ConvertEndpoints.SetDisposition(response, fileName, attachment: true);
        return TypedResults.File(archive, "application/zip");
    }

    /// <summary>The job's status now, then again at each change, until it is finished or the client leaves.</summary>
    private static async IAsyncEnumerable<JobStatus> Watch(Job job, [EnumeratorCancellation] CancellationToken cancellation)
    {
        while (true)
        {
            var status = job.Snapshot();
            yield return status;
            if (status.IsFinished) yield break;
            await job.ChangedSince(status, cancellation);
        }
    }
}
