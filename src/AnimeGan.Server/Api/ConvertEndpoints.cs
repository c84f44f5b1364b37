using System.Globalization;
using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using AnimeGan.Server.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace AnimeGan.Server.Api;

/// <summary>
/// POST /api/convert: one photo in, the picture out, in the same request (it still waits its turn in
/// the queue). Nothing of it is written to disk.
/// </summary>
internal static class ConvertEndpoints
{
    public static void MapConvert(this RouteGroupBuilder api) =>
        api.MapPost("/convert", async (HttpContext context, ConversionRequestReader reader, WorkQueue queue) =>
        {
            var request = await reader.ReadAsync(context.Request, maxImages: 1, acceptsClips: false, context.RequestAborted);
            var work = new InstantWork(request.Items.OfType<Upload>().Single(), request.Settings, context.RequestAborted);
            queue.Enqueue([work]);
            var (result, fromCache) = await work.Result.WaitAsync(context.RequestAborted);
            context.Response.Headers["Server-Timing"] = string.Join(", ",
                result.Timings.Stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key};dur={s.Value:F1}")));
            context.Response.Headers[ResultCache.Header] = fromCache ? "hit" : "miss";
            SetDisposition(context.Response, OutputName.For(work.Name, request.NameTag, result.Format.Extension()), attachment: false);
            return TypedResults.File(result.Encoded, result.Format.MediaType());
        }).WithMetadata(new ReadsConversionForm("one photo"));

    /// <summary>The name in both spellings: filename* (UTF-8) for browsers, an ASCII filename for tools such as curl -J.</summary>
    public static void SetDisposition(HttpResponse response, string fileName, bool attachment) =>
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue(attachment ? "attachment" : "inline")
        {
            FileName = new string(fileName.Select(c => c is >= ' ' and <= '~' and not ('"' or '\\') ? c : '_').ToArray()),
            FileNameStar = fileName,
        }.ToString();
}
