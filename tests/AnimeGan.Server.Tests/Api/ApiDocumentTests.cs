using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AnimeGan.Server.Forms;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

/// <summary>The OpenAPI document and its reference page: everything the server answers, every field a conversion takes.</summary>
[Collection(ServerCollection.Name)]
public class ApiDocumentTests(ServerFixture fixture)
{
    private readonly RunningServer _server = fixture.Server;

    [Fact]
    public async Task TheDocumentListsEveryEndpoint()
    {
        var paths = (await ReadJson(await _server.Client.GetAsync("/openapi/v1.json"))).GetProperty("paths");

        var endpoints = _server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .Select(endpoint => (Path: Regex.Replace("/" + endpoint.RoutePattern.RawText!.Trim('/'), ":[^}]+", ""),
                Methods: endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods))
            .Where(endpoint => endpoint.Path.StartsWith("/api/") || endpoint.Path == "/healthz")
            .ToList();
        Assert.True(endpoints.Count >= 12, $"only {endpoints.Count} endpoints found");
        foreach (var (path, methods) in endpoints)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            foreach (var method in methods)
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out _), $"{method} {path} is not in the document");
        }
    }

    [Theory]
    [InlineData("/api/jobs")]
    [InlineData("/api/convert")]
    public async Task TheDocumentDescribesEveryFormFieldOfAConversion(string path)
    {
        var paths = (await ReadJson(await _server.Client.GetAsync("/openapi/v1.json"))).GetProperty("paths");
        var form = paths.GetProperty(path).GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties");

        string[] fields = ["image", "sample", "preset", .. _server.App.Services.GetRequiredService<ConversionForm>().Options.Select(o => o.Name)];
        Assert.All(fields, field => Assert.True(form.TryGetProperty(field, out _), $"{field} is not described"));
        // Described as the schema says: ranges, choices, defaults.
        var size = form.GetProperty("size");
        Assert.Equal("integer", size.GetProperty("type").GetString());
        Assert.True(size.TryGetProperty("maximum", out _));
        Assert.Contains("shinkai", form.GetProperty("grade").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("binary", form.GetProperty("lut").GetProperty("format").GetString());
    }

    [Fact]
    public async Task TheReferenceIsServedAtDocsWithAPolicyOfItsOwn()
    {
        var reference = await _server.Client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Equal("text/html", reference.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'unsafe-inline'", reference.Headers.GetValues("Content-Security-Policy").Single());
        // The page itself keeps its strict policy.
        var page = await _server.Client.GetAsync("/");
        Assert.DoesNotContain("unsafe-inline", page.Headers.GetValues("Content-Security-Policy").Single());
    }
}
