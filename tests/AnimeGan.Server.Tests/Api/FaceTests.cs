using System.Net;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

[Collection(ServerCollection.Name)]
public class FaceTests(ServerFixture fixture)
{
    private readonly RunningServer _server = fixture.Server;

    [Fact]
    public async Task TheFormOffersFaceProtectionOnByDefault()
    {
        var options = (await ReadJson(await _server.Client.GetAsync("/api/options"))).GetProperty("options").EnumerateArray()
            .ToDictionary(o => o.GetProperty("name").GetString()!);

        Assert.True(options["faces"].GetProperty("default").GetBoolean());
        Assert.Equal("same", options["faceStyle"].GetProperty("default").GetString());
        Assert.Contains(options["faceStyle"].GetProperty("choices").EnumerateArray(), c => c.GetProperty("value").GetString() == "hayao");
        Assert.Equal(40, options["faceMinSize"].GetProperty("default").GetInt32());
        Assert.Equal(0.7, options["faceThreshold"].GetProperty("default").GetDouble(), 3);
    }

    [Fact]
    public async Task APortraitGetsItsFaceRepaintedAndTheJobSaysSo()
    {
        var withFaces = await ConvertInJob(("size", "256"));
        var withoutFaces = await ConvertInJob(("size", "256"), ("faces", "false"));

        Assert.Equal(1, withFaces.Image.GetProperty("faces").GetInt32());
        Assert.True(withFaces.Image.GetProperty("timings").GetProperty("faces").GetDouble() > 0);
        Assert.Equal(0, withoutFaces.Image.GetProperty("faces").GetInt32());
        Assert.False(withoutFaces.Image.GetProperty("timings").TryGetProperty("faces", out _));
        Assert.NotEqual(withFaces.Bytes, withoutFaces.Bytes);
    }

    [Theory]
    [InlineData("faceThreshold", "1.5")]
    [InlineData("faceMinSize", "2")]
    [InlineData("faceStyle", "vangogh")]
    [InlineData("faces", "maybe")]
    public async Task BadFaceOptionsAreRefusedNamingTheField(string field, string value)
    {
        var response = await _server.Client.PostAsync("/api/convert", Form([("size", "256"), (field, value)], ("p.jpg", Photo())));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, _server);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task AServerWithoutFaceModelsConvertsWithoutThemAndSaysWhyWhenAsked()
    {
        using var styleOnly = new IsolatedModels();
        await using var server = await RunningServer.StartAsync(options => options.Models = styleOnly.Directory, styleOnly.Settings);

        var options = (await ReadJson(await server.Client.GetAsync("/api/options"))).GetProperty("options").EnumerateArray();
        Assert.False(options.Single(o => o.GetProperty("name").GetString() == "faces").GetProperty("default").GetBoolean());

        var plain = await server.Client.PostAsync("/api/convert", Form([("size", "128")], ("p.jpg", Photo())));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);

        var asked = await server.Client.PostAsync("/api/convert", Form([("size", "128"), ("faces", "true")], ("p.jpg", Photo())));
        var problem = await AssertProblem(asked, HttpStatusCode.BadRequest, server);
        Assert.Contains("face protection is unavailable", problem.GetProperty("detail").GetString());
    }

    private async Task<(System.Text.Json.JsonElement Image, byte[] Bytes)> ConvertInJob(params (string, string)[] fields)
    {
        var location = await SubmitJob(_server.Client, Form(fields, ("portrait.jpg", Photo("face_5.jpg"))));
        var image = (await WaitForJob(_server.Client, location)).GetProperty("images")[0];
        Assert.Equal("done", image.GetProperty("state").GetString());
        return (image, await _server.Client.GetByteArrayAsync(image.GetProperty("result").GetString()));
    }
}
