using System.Net;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

/// <summary>HD on the API: the form field, the output budget checked before any work, a model the server lacks.</summary>
[Collection(ServerCollection.Name)]
public class UpscaleTests(ServerFixture fixture)
{
    private readonly RunningServer _server = fixture.Server;

    [Fact]
    public async Task TwiceIsExactlyTwiceTheWorkingSize()
    {
        var response = await _server.Client.PostAsync("/api/convert",
            Form([("size", "128"), ("faces", "false"), ("upscale", "2"), ("upscaleModel", "slim")], ("beach.jpg", Photo("scene_1.jpg"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("upscale;dur=", response.Headers.GetValues("Server-Timing").Single());
        // scene_1 (1279×867) is painted at 128×88, and enlarged twice.
        Assert.Equal((256, 176, "jpeg"), Decode(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task AResultOverThePixelBudgetIsRefusedBeforeAnyWorkNamingTheLimit()
    {
        // A 2048-px square painted at 2048 and enlarged 4 times would be 8192 × 8192, 67 MP.
        var square = new AnimeGan.Imaging.ImageCodec().Encode(new AnimeGan.Imaging.PixelBuffer(2048, 2048, 3), null, AnimeGan.Imaging.OutputFormat.Jpeg);
        var before = await JobCount(_server.Client);
        var response = await _server.Client.PostAsync("/api/jobs", Form([("size", "2048"), ("upscale", "4")], ("square.jpg", square)));

        var problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, _server);
        Assert.Contains("the result is 8192x8192 (67.1 MP)", problem.GetProperty("detail").GetString());
        Assert.Contains("over the limit of 50 MP", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await JobCount(_server.Client));
    }

    [Fact]
    public async Task ThreeTimesIsNoChoice()
    {
        var response = await _server.Client.PostAsync("/api/convert", Form(Small(("upscale", "3")), ("face.jpg", Photo())));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, _server);
        Assert.Equal("upscale", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task AnHdModelTheServerDoesNotHaveIsABadOptionNamingIt()
    {
        using var models = new IsolatedModels();
        await using var server = await RunningServer.StartAsync(options => options.Models = models.Directory, models.Settings);

        var medium = await server.Client.PostAsync("/api/convert", Form(Small(("upscale", "2"), ("upscaleModel", "medium")), ("face.jpg", Photo())));
        var slim = await server.Client.PostAsync("/api/convert",
            Form([("size", "128"), ("faces", "false"), ("upscale", "2"), ("upscaleModel", "slim")], ("face.jpg", Photo())));

        var problem = await AssertProblem(medium, HttpStatusCode.BadRequest, server);
        Assert.Equal("upscaleModel", problem.GetProperty("field").GetString());
        Assert.Contains("esrgan-medium-x2 is not installed", problem.GetProperty("detail").GetString());
        // The slim model is built into the product: a server with no upscaler file still does HD.
        Assert.Equal(HttpStatusCode.OK, slim.StatusCode);
    }
}
