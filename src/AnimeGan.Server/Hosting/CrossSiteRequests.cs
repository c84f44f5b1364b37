using AnimeGan.Server.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AnimeGan.Server.Hosting;

/// <summary>
/// Refuses state-changing requests (POST, DELETE) that another site's page makes the browser send: a
/// simple multipart POST needs no CORS preflight, so without this any web page could fill a local
/// server's queue. Browsers say where a request comes from (Sec-Fetch-Site, Origin); tools such as curl
/// send neither and pass. Origins listed in CorsOrigins are allowed.
/// </summary>
internal static class CrossSiteRequests
{
    public static void UseCrossSiteRefusal(this WebApplication app, ServerOptions options) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return next(context);
            var origin = request.Headers.Origin.ToString();
            var allowed = origin.Length > 0 && options.CorsOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
            var crossSite = request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site"
                            || (origin.Length > 0 && (origin == "null" || !SameOrigin(origin, request)));
            if (crossSite && !allowed)
                throw new ApiProblemException(new(StatusCodes.Status403Forbidden, "Cross-site request",
                    "this server takes conversions from its own page and from programs, not from other sites' pages"));
            return next(context);
        });

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);
}
