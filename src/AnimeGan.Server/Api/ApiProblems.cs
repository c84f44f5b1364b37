using AnimeGan.Imaging;
using AnimeGan.Video;
using Microsoft.AspNetCore.Http;

namespace AnimeGan.Server.Api;

/// <summary>A problem in words: status, a short title, and a detail fit to show a person (RFC 7807).</summary>
public sealed record ApiProblem(int Status, string Title, string Detail)
{
    /// <summary>
    /// How an image failure is reported, in responses and in a job's per-image errors. The server
    /// always decodes bytes held in memory, so codec messages name no server path.
    /// </summary>
    public static ApiProblem ForRejectedImage(ImageRejectedException rejected, string? fileName)
    {
        var detail = fileName is null ? rejected.Message : $"{fileName}: {rejected.Message}";
        return rejected.Reason switch
        {
            ImageRejection.Empty => new(StatusCodes.Status400BadRequest, "Empty upload", detail),
            ImageRejection.NotAnImage => new(StatusCodes.Status415UnsupportedMediaType, "Not an image", detail),
            ImageRejection.TooLarge => new(StatusCodes.Status413PayloadTooLarge, "Image too large", detail),
            ImageRejection.TooSmall => new(StatusCodes.Status422UnprocessableEntity, "Image too small", detail),
            _ => new(StatusCodes.Status422UnprocessableEntity, "Image cannot be decoded", detail),
        };
    }

    /// <summary>How a clip's refusal is reported: 413 over a limit, 422 for anything else about it.</summary>
    public static ApiProblem ForRejectedVideo(VideoRejectedException rejected, string? fileName)
    {
        var detail = fileName is null ? rejected.Message : $"{fileName}: {rejected.Message}";
        return rejected.OverLimit
            ? new(StatusCodes.Status413PayloadTooLarge, "Video too large", detail)
            : new(StatusCodes.Status422UnprocessableEntity, "Video cannot be used", detail);
    }
}

/// <summary>
/// A request the API refuses; <see cref="ProblemResponses"/> answers it as its problem, naming the
/// form field at fault when there is one.
/// </summary>
public class ApiProblemException(ApiProblem problem, string? field = null) : Exception(problem.Detail)
{
    public ApiProblem Problem { get; } = problem;

    /// <summary>The form field whose value is refused ("size", "lut"); answered as "field".</summary>
    public string? Field { get; } = field;

    /// <summary>More members for the answer, such as the "line" of a .cube file that cannot be read.</summary>
    public IReadOnlyDictionary<string, object>? Extensions { get; init; }
}

/// <summary>A form field with a bad value (400); the problem names the field.</summary>
public sealed class BadOptionException(string field, string detail)
    : ApiProblemException(new(StatusCodes.Status400BadRequest, "Invalid option", detail), field);

/// <summary>The work queue is full (503); try again after <see cref="RetryAfter"/>.</summary>
public sealed class ServerBusyException(TimeSpan retryAfter)
    : ApiProblemException(new(StatusCodes.Status503ServiceUnavailable, "Server busy",
        $"the conversion queue is full; try again in {Math.Ceiling(retryAfter.TotalSeconds):F0} s"))
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The server is shutting down (503): the request was not started and may be sent again once it is back.</summary>
public sealed class ServerStoppingException()
    : ApiProblemException(new(StatusCodes.Status503ServiceUnavailable, "Server stopping", "the server is shutting down; try again shortly"));

/// <summary>A job id that is not (or no longer) known (404).</summary>
public sealed class UnknownJobException()
    : ApiProblemException(new(StatusCodes.Status404NotFound, "Unknown job", "no such job: it never existed, expired, or was deleted"));
