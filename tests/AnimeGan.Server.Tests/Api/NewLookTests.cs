using System.Net;
using AnimeGan.Imaging;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

/// <summary>POST /api/jobs/{id}/results/{n}/look: a converted photo finished anew from its painted picture, without painting it again.</summary>
[Collection(ServerCollection.Name)]
public class NewLookTests(ServerFixture fixture)
{
    private readonly RunningServer _server = fixture.Server;

    private const string Converted = """animegan_conversions_total{style="hayao",kind="photo",outcome="converted"}""";
    private const string Refinished = """animegan_conversions_total{style="hayao",kind="refinish",outcome="converted"}""";

    [Fact]
    public async Task ANewLookIsTheSamePictureAsAConversionWithItAndRunsNoGenerator()
    {
        var location = await SubmitJob(_server.Client, Form(Small(("format", "png")), ("beach.jpg", Photo("scene_2.jpg"))));
        await WaitForJob(_server.Client, location);
        var before = await _server.Client.GetStringAsync("/metrics");

        var look = await _server.Client.PostAsync($"{location}/results/0/look",
            Form([("strength", "0.6"), ("grade", "shinkai"), ("glow", "0.3")]));

        Assert.Equal(HttpStatusCode.OK, look.StatusCode);
        Assert.Equal("image/png", look.Content.Headers.ContentType?.MediaType);
        var after = await _server.Client.GetStringAsync("/metrics");
        Assert.Equal(MetricSample(before, Converted), MetricSample(after, Converted));
        Assert.Equal(MetricSample(before, Refinished, absent: 0) + 1, MetricSample(after, Refinished));

        // The same look asked for with the conversion paints the same picture.
        var direct = await _server.Client.PostAsync("/api/convert",
            Form(Small(("format", "png"), ("strength", "0.6"), ("grade", "shinkai"), ("glow", "0.3")), ("beach.jpg", Photo("scene_2.jpg"))));
        var relooked = Pixels(await look.Content.ReadAsByteArrayAsync());
        Assert.True(ImageComparison.Psnr(Pixels(await direct.Content.ReadAsByteArrayAsync()), relooked) > 45);

        // It replaces the job's result, and the job says how it was finished; the painting's times stay.
        Assert.Equal(relooked.Data, Pixels(await _server.Client.GetByteArrayAsync($"{location}/results/0")).Data);
        var image = (await ReadJson(await _server.Client.GetAsync(location))).GetProperty("images")[0];
        Assert.Equal(0.6, image.GetProperty("finish").GetProperty("strength").GetDouble(), 3);
        Assert.Equal("shinkai", image.GetProperty("finish").GetProperty("grade").GetString());
        Assert.True(image.GetProperty("timings").GetProperty("stylize").GetDouble() > 0);
        Assert.True(image.GetProperty("timings").GetProperty("look").GetDouble() > 0);

        // The next new look starts from how it was finished last: strength stays 0.6, the grade goes.
        var again = await _server.Client.PostAsync($"{location}/results/0/look", Form([("grade", "none")]));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        image = (await ReadJson(await _server.Client.GetAsync(location))).GetProperty("images")[0];
        Assert.Equal(0.6, image.GetProperty("finish").GetProperty("strength").GetDouble(), 3);
        Assert.Equal("none", image.GetProperty("finish").GetProperty("grade").GetString());
    }

    [Fact]
    public async Task HdAndTheFormatCanChangeTooAndTheDownloadFollows()
    {
        var location = await SubmitJob(_server.Client, Form(Small(), ("holiday.jpg", Photo("scene_3.jpg"))));
        var job = await WaitForJob(_server.Client, location);
        var (width, height) = (job.GetProperty("images")[0].GetProperty("width").GetInt32(), job.GetProperty("images")[0].GetProperty("height").GetInt32());

        var look = await _server.Client.PostAsync($"{location}/results/0/look", Form([("upscale", "2"), ("format", "webp")]));

        Assert.Equal(HttpStatusCode.OK, look.StatusCode);
        Assert.Equal((width * 2, height * 2, "webp"), Decode(await look.Content.ReadAsByteArrayAsync()));
        var image = (await ReadJson(await _server.Client.GetAsync(location))).GetProperty("images")[0];
        Assert.Equal("holiday_hayao.webp", image.GetProperty("download").GetString());
        Assert.Equal((width * 2, height * 2), (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));
        var download = await _server.Client.GetAsync($"{location}/results/0?download=true");
        Assert.Equal("image/webp", download.Content.Headers.ContentType?.MediaType);
        // The JPEG it replaced is gone from the job's folder.
        var folder = Path.Combine(_server.ScratchRoot, job.GetProperty("id").GetString()!);
        Assert.DoesNotContain(Directory.GetFiles(folder), file => file.EndsWith(".jpg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APhotoAnsweredFromTheCacheTakesANewLookToo()
    {
        // The cache keeps the painted picture with the result, so "convert again" then a new look needs no painting at all.
        await WaitForJob(_server.Client, await SubmitJob(_server.Client, Form(Small(), ("street.jpg", Photo("scene_1.jpg")))));
        var again = await SubmitJob(_server.Client, Form(Small(), ("street.jpg", Photo("scene_1.jpg"))));
        Assert.True((await WaitForJob(_server.Client, again)).GetProperty("images")[0].GetProperty("fromCache").GetBoolean());

        var look = await _server.Client.PostAsync($"{again}/results/0/look", Form([("glow", "0.4")]));

        Assert.Equal(HttpStatusCode.OK, look.StatusCode);
        Assert.Equal("jpeg", Decode(await look.Content.ReadAsByteArrayAsync()).Format);
    }

    [Fact]
    public async Task WhatNeedsANewPaintingIsRefusedNamingTheOption()
    {
        var location = await SubmitJob(_server.Client, Form(Small(), ("holiday.jpg", Photo("scene_3.jpg"))));
        await WaitForJob(_server.Client, location);

        foreach (var (field, value) in new[] { ("style", "cute"), ("size", "512"), ("faces", "true"), ("tta", "true") })
        {
            var problem = await AssertProblem(await _server.Client.PostAsync($"{location}/results/0/look", Form([(field, value)])),
                HttpStatusCode.BadRequest, _server);
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.Contains("convert it again", problem.GetProperty("detail").GetString());
        }
        var photo = await AssertProblem(await _server.Client.PostAsync($"{location}/results/0/look", Form([], ("other.jpg", Photo()))),
            HttpStatusCode.BadRequest, _server);
        Assert.Contains("options only", photo.GetProperty("detail").GetString());
        await AssertProblem(await _server.Client.PostAsync($"{location}/results/0/look", Form([("strength", "2")])), HttpStatusCode.BadRequest, _server);
        await AssertProblem(await _server.Client.PostAsync($"{location}/results/3/look", Form([("strength", "0.5")])), HttpStatusCode.NotFound, _server);
        await AssertProblem(await _server.Client.PostAsync($"/api/jobs/{new string('0', 32)}/results/0/look", Form([("strength", "0.5")])),
            HttpStatusCode.NotFound, _server);
    }

    [Fact]
    public async Task APhotoThatFailedOrAJobDeletedHasNoNewLook()
    {
        var location = await SubmitJob(_server.Client, Form(Small(), ("cut.jpg", TruncatedJpeg())));
        await WaitForJob(_server.Client, location);
        var problem = await AssertProblem(await _server.Client.PostAsync($"{location}/results/0/look", Form([("strength", "0.5")])),
            HttpStatusCode.Conflict, _server);
        Assert.Contains("failed", problem.GetProperty("detail").GetString());

        var done = await SubmitJob(_server.Client, Form(Small(), ("holiday.jpg", Photo("scene_3.jpg"))));
        await WaitForJob(_server.Client, done);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync(done)).StatusCode);
        await AssertProblem(await _server.Client.PostAsync($"{done}/results/0/look", Form([("strength", "0.5")])), HttpStatusCode.NotFound, _server);
    }
}
