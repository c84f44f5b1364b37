using System.Net;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

/// <summary>A server with tight limits: small requests, clips, photos and jobs, results kept one second, one allowed CORS origin.</summary>
public sealed class StrictServerFixture : IAsyncLifetime
{
    public const string AllowedOrigin = "http://allowed.test";

    public RunningServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RunningServer.StartAsync(options =>
    {
        options.MaxRequestBytes = 512 * 1024;
        options.MaxVideoBytes = 512 * 1024;
        options.MaxMegapixels = 0.5;
        options.ResultTtl = TimeSpan.FromSeconds(1);
        options.MaxImagesPerJob = 2;
        options.CorsOrigins = [AllowedOrigin];
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public class LimitTests(StrictServerFixture fixture) : IClassFixture<StrictServerFixture>
{
    private readonly RunningServer _server = fixture.Server;

    [Fact]
    public async Task ARequestOverTheSizeLimitIsTooLarge()
    {
        var response = await _server.Client.PostAsync("/api/convert", Form(Small(), ("big.jpg", Photo("scene_1.jpg"))));
        var problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, _server);
        Assert.Contains("0.5 MB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ABodyTooLargeEvenToDiscardIsRefusedBeforeItIsSent()
    {
        var form = Form(Small(), ("a.jpg", Photo("scene_1.jpg")), ("b.jpg", Photo("scene_2.jpg")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/convert") { Content = form };
        request.Headers.ExpectContinue = true;
        var response = await _server.Client.SendAsync(request);
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, _server);
        Assert.True(response.Headers.ConnectionClose);
    }

    [Fact]
    public async Task ARequestOverTheSizeLimitWithoutADeclaredLengthIsTooLarge()
    {
        var form = Form(Small(), ("big.jpg", Photo("scene_1.jpg")));
        await form.LoadIntoBufferAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = new ChunkedContent(form) };
        var response = await _server.Client.SendAsync(request);
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, _server);
    }

    [Fact]
    public async Task APhotoOverThePixelBudgetIsTooLarge()
    {
        var response = await _server.Client.PostAsync("/api/jobs", Form(Small(), ("wide.jpg", Photo("scene_3.jpg"))));
        var problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, _server);
        Assert.Contains("0.9 MP", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AColourReferenceOverThePixelBudgetIsTooLargeNamingTheField()
    {
        var form = Form(Small(), ("face.jpg", Photo())).WithFile("colorRef", "wide.jpg", Photo("scene_3.jpg"));
        var response = await _server.Client.PostAsync("/api/jobs", form);
        var problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, _server);
        Assert.Equal("colorRef", problem.GetProperty("field").GetString());
        Assert.Contains("colorRef wide.jpg", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AJobOfMorePhotosThanAllowedIsABadRequest()
    {
        var photo = Photo();
        var response = await _server.Client.PostAsync("/api/jobs", Form(Small(), ("a.jpg", photo), ("b.jpg", photo), ("c.jpg", photo)));
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, _server);
        Assert.Equal("image", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task ResultsAreDeletedAfterTheirTimeToLive()
    {
        var location = await SubmitJob(_server.Client, Form(Small(), ("face.jpg", Photo())));
        var id = location.OriginalString.Split('/').Last();
        var folder = Path.Combine(_server.ScratchRoot, id);

        // Not watched for "done": on a busy machine a 1 s TTL can pass between two polls. The log says it finished.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await _server.Client.GetAsync(location)).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, "the job outlived its TTL");
            await Task.Delay(100);
        }
        Assert.Contains(_server.Logs.Lines, line => line.StartsWith($"job {id} done: 1/1 converted"));
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task CorsAnswersTheConfiguredOriginOnly()
    {
        Assert.Equal(StrictServerFixture.AllowedOrigin, await AllowedOriginFor(StrictServerFixture.AllowedOrigin));
        Assert.Null(await AllowedOriginFor("http://elsewhere.test"));
    }

    private async Task<string?> AllowedOriginFor(string origin)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/jobs");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var answer = await _server.Client.SendAsync(preflight);
        return answer.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
    }

    /// <summary>Sends a body without Content-Length, so the limit must be enforced while reading.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent _inner;

        public ChunkedContent(HttpContent inner)
        {
            _inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            await _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
