using System.Runtime.CompilerServices;
using AnimeGan.Imaging;
using AnimeGan.Server.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
        });

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

        jobs.MapDelete("/{id}", (string id, JobRegistry registry, ILogger<Job> logger) =>
        {
            if (!registry.Delete(id)) throw new UnknownJobException();
            logger.LogInformation("job {Job} deleted", id);
            return TypedResults.NoContent();
        });
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
