using AnimeGan.Server.Api;
using Microsoft.AspNetCore.Builder;

namespace AnimeGan.Server.Hosting;

/// <summary>
/// Headers that keep the page and the API from being framed, sniffed or fed foreign scripts. Set when
/// the response starts, so error responses (whose headers the exception handler clears) carry them too.
/// </summary>
internal static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (Scalar) starts itself from an inline script and styles itself inline; it
    /// alone may, and it still loads nothing from another site.
    /// </summary>
    private const string ReferencePolicy =
        "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void UseSecurityHeaders(this WebApplication app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiDocument.ReferencePath) ? ReferencePolicy : ContentSecurityPolicy;
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
