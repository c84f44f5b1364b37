using System.Globalization;
using AnimeGan.Imaging;
using AnimeGan.Server.Jobs.Redis;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Api;

/// <summary>
/// Every exception that leaves an endpoint becomes an RFC 7807 problem here: the API's own refusals
/// with their status, anything unexpected as a bare 500 (logged with its stack trace on the server,
/// never sent to the client).
/// </summary>
internal sealed class ProblemResponses(IProblemDetailsService problemDetails, ServerOptions options, ILogger<ProblemResponses> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellation)
    {
        if (context.RequestAborted.IsCancellationRequested) return true; // nobody is listening any more

        var problem = exception switch
        {
            ApiProblemException api => api.Problem,
            ImageRejectedException rejected => ApiProblem.ForRejectedImage(rejected, null),
            BadHttpRequestException bad => new ApiProblem(bad.StatusCode, "Bad request", "the request could not be read"),
            // The client is still there (that case returned above), so the server is stopping under it.
            OperationCanceledException => new ApiProblem(StatusCodes.Status503ServiceUnavailable, "Server stopping",
                "the server is shutting down; try again shortly"),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            problem = new ApiProblem(StatusCodes.Status500InternalServerError, "Internal error",
                "the server failed to handle this request; the failure is logged on the server");
        }

        var details = new ProblemDetails { Status = problem.Status, Title = problem.Title, Detail = problem.Detail };
        if (exception is ApiProblemException { Field: { } field } refused)
        {
            details.Extensions["field"] = field;
            details.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [refused.Message] };
        }
        if (exception is ApiProblemException { Extensions: { } extensions })
            foreach (var (name, value) in extensions) details.Extensions[name] = value;
        if (exception is ServerBusyException busy)
            context.Response.Headers.RetryAfter = Math.Ceiling(busy.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        if (exception is BackendUnavailableException)
            context.Response.Headers.RetryAfter = BackendUnavailableException.RetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = problem.Status;
        // A body too large even to read and discard is left unread: this connection cannot carry another request.
        if (problem.Status == StatusCodes.Status413PayloadTooLarge && context.Request.ContentLength > options.DrainableRequestBytes)
            context.Response.Headers.Connection = "close";
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details });
    }
}
