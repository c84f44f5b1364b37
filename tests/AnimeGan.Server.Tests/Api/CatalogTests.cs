using System.Net;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

[Collection(ServerCollection.Name)]
public class CatalogTests(ServerFixture fixture)
{
    private readonly RunningServer _server = fixture.Server;

    [Fact]
    public async Task StylesListTheDefaultStyleAsAvailable()
    {
        var catalog = await ReadJson(await _server.Client.GetAsync("/api/styles"));
        Assert.Equal("hayao", catalog.GetProperty("default").GetString());
        var hayao = catalog.GetProperty("styles").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "hayao");
        Assert.True(hayao.GetProperty("available").GetBoolean());
        Assert.True(hayao.GetProperty("isDefault").GetBoolean());
        Assert.Contains("non-commercial", hayao.GetProperty("licence").GetString());

        var grade = catalog.GetProperty("presets").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "shinkai-grade");
        Assert.Equal("hayao", grade.GetProperty("style").GetString());
        Assert.True(grade.GetProperty("available").GetBoolean());
        Assert.Equal("shinkai", grade.GetProperty("values").GetProperty("grade").GetString());
        Assert.Equal(0.5, grade.GetProperty("values").GetProperty("glow").GetDouble());
        Assert.Equal(1024, grade.GetProperty("values").GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task OptionsDescribeEveryFormFieldAndTheLimits()
    {
        var catalog = await ReadJson(await _server.Client.GetAsync("/api/options"));
        var options = catalog.GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal(["style", "size", "keepSize", "format", "quality", "strength", "colorRef", "lut", "grade", "glow", "sharpen", "sharpenRadius", "tta",
            "faces", "faceStyle", "faceMinSize", "faceThreshold", "faceBudget", "upscale", "upscaleModel", "stabilize", "fps", "crf"], options.Keys);
        Assert.Equal(["Video"], new[] { "stabilize", "fps", "crf" }.Select(name => options[name].GetProperty("group").GetString()).Distinct());
        Assert.Equal(("number", 1.0), (options["strength"].GetProperty("type").GetString(), options["strength"].GetProperty("default").GetDouble()));
        Assert.Equal("Look", options["tta"].GetProperty("group").GetString());
        Assert.Equal("integer", options["size"].GetProperty("type").GetString());
        Assert.Equal(1024, options["size"].GetProperty("default").GetInt32());
        Assert.Equal(2048, options["size"].GetProperty("max").GetInt32());
        Assert.Equal("boolean", options["keepSize"].GetProperty("type").GetString());
        Assert.Equal(["auto", "jpeg", "png", "webp"],
            options["format"].GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()));
        var lut = options["lut"];
        Assert.Equal(("file", "Look", ".cube", "", 8 * 1024 * 1024), (lut.GetProperty("type").GetString(), lut.GetProperty("group").GetString(),
            lut.GetProperty("accept").GetString(), lut.GetProperty("default").GetString(), lut.GetProperty("maxBytes").GetInt64()));
        Assert.StartsWith("image/", options["colorRef"].GetProperty("accept").GetString());
        var limits = catalog.GetProperty("limits");
        Assert.Equal(20 * 1024 * 1024, limits.GetProperty("maxRequestBytes").GetInt64());
        Assert.Equal(50, limits.GetProperty("maxMegapixels").GetDouble());
    }

    [Fact]
    public async Task SamplesAreListedAndServedWithThumbnails()
    {
        var samples = (await ReadJson(await _server.Client.GetAsync("/api/samples"))).EnumerateArray().ToList();
        Assert.Equal(Directory.GetFiles(Path.Combine(TestData.Shared, "images")).Length, samples.Count);
        var scene = samples.Single(s => s.GetProperty("name").GetString() == "scene_1.jpg");
        Assert.Equal(1280, scene.GetProperty("width").GetInt32());

        var original = await _server.Client.GetAsync(scene.GetProperty("url").GetString());
        Assert.Equal("image/jpeg", original.Content.Headers.ContentType?.MediaType);
        Assert.Equal(File.ReadAllBytes(TestData.Image("scene_1.jpg")), await original.Content.ReadAsByteArrayAsync());

        var thumbnail = Decode(await _server.Client.GetByteArrayAsync(scene.GetProperty("thumbnail").GetString()));
        Assert.Equal((360, 240), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public async Task SamplesComeInNaturalOrderWithScenesAndPortraitsOnTheFirstScreen()
    {
        var names = (await ReadJson(await _server.Client.GetAsync("/api/samples"))).EnumerateArray()
            .Select(s => s.GetProperty("name").GetString()!).ToList();

        Assert.True(names.IndexOf("face_2.jpg") < names.IndexOf("face_10.jpg"), string.Join(", ", names));
        var firstScreen = names.Take(12).ToList();
        Assert.Contains(firstScreen, name => name.StartsWith("scene_"));
        Assert.Contains(firstScreen, name => name.StartsWith("face_"));
        Assert.Contains(firstScreen, name => name.StartsWith("group_"));
    }

    [Theory]
    [InlineData("/api/samples/nope.jpg")]
    [InlineData("/api/samples/..%2F..%2Fmodels%2Fanimeganv2_hayao.onnx")]
    [InlineData("/api/samples/%2Fetc%2Fpasswd/thumbnail")]
    public async Task SampleNamesOutsideTheListAreNotFound(string url)
    {
        var response = await _server.Client.GetAsync(url);
        await AssertProblem(response, HttpStatusCode.NotFound, _server);
    }

    [Fact]
    public async Task HealthReportsTheQueue()
    {
        var health = await ReadJson(await _server.Client.GetAsync("/healthz"));
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(1, health.GetProperty("queue").GetProperty("workers").GetInt32());
        Assert.Equal(["hayao", "shinkai", "hayao-v3", "cute", "cartoon"], health.GetProperty("styles").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/sakura.svg", "image/svg+xml")]
    public async Task ThePageAndItsFilesAreServed(string url, string mediaType)
    {
        var response = await _server.Client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task UnknownRoutesAnswerWithAProblem()
    {
        var response = await _server.Client.GetAsync("/api/nothing-here");
        await AssertProblem(response, HttpStatusCode.NotFound, _server);
    }

    [Fact]
    public async Task CorsIsOffByDefault()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/jobs");
        preflight.Headers.Add("Origin", "http://elsewhere.test");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var answer = await _server.Client.SendAsync(preflight);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/styles");
        get.Headers.Add("Origin", "http://elsewhere.test");
        var styles = await _server.Client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, styles.StatusCode);
        Assert.False(styles.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
