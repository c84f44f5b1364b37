using System.Net;
using System.Text;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

[Collection(ServerCollection.Name)]
public class ConvertTests(ServerFixture fixture)
{
    private readonly RunningServer _server = fixture.Server;

    [Fact]
    public async Task APhotoComesBackConvertedInTheSameRequest()
    {
        var response = await _server.Client.PostAsync("/api/convert", Form(Small(), ("beach.jpg", Photo("scene_1.jpg"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("beach_hayao.jpg", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Contains("stylize;dur=", response.Headers.GetValues("Server-Timing").Single());
        var picture = Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((256, 168, "jpeg"), picture);
    }

    [Fact]
    public async Task OptionsShapeTheResult()
    {
        var response = await _server.Client.PostAsync("/api/convert",
            Form(Small(("format", "png"), ("keepSize", "true"), ("style", "Hayao")), ("face.jpg", Photo())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((362, 381, "png"), Decode(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task APresetAndLookFieldsChangeThePicture()
    {
        var plain = await _server.Client.PostAsync("/api/convert", Form(Small(("sample", "scene_3.jpg"))));
        var looked = await _server.Client.PostAsync("/api/convert",
            Form(Small(("sample", "scene_3.jpg"), ("preset", "shinkai-grade"), ("strength", "0.8"), ("sharpen", "0.5"))));

        Assert.Equal(HttpStatusCode.OK, looked.StatusCode);
        Assert.Contains("look;dur=", looked.Headers.GetValues("Server-Timing").Single());
        Assert.DoesNotContain("look;dur=", plain.Headers.GetValues("Server-Timing").Single());
        Assert.Equal(Decode(await plain.Content.ReadAsByteArrayAsync()).Width, Decode(await looked.Content.ReadAsByteArrayAsync()).Width);
    }

    [Fact]
    public async Task ASampleConvertsByName()
    {
        var response = await _server.Client.PostAsync("/api/convert", Form(Small(("sample", "face_2.jpg"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("face_2_hayao.jpg", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.True(Decode(await response.Content.ReadAsByteArrayAsync()).Width > 0);
    }

    [Fact]
    public async Task ANonImageIsUnsupportedMediaType()
    {
        var response = await _server.Client.PostAsync("/api/convert", Form(Small(), ("notes.jpg", NotAnImage())));
        var problem = await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, _server);
        Assert.Contains("notes.jpg", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ATruncatedJpegIsUnprocessable()
    {
        var response = await _server.Client.PostAsync("/api/convert", Form(Small(), ("cut.jpg", TruncatedJpeg())));
        var problem = await AssertProblem(response, HttpStatusCode.UnprocessableEntity, _server);
        Assert.Contains("cut.jpg", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnEmptyUploadIsABadRequest()
    {
        var response = await _server.Client.PostAsync("/api/convert", Form(Small(), ("empty.jpg", [])));
        await AssertProblem(response, HttpStatusCode.BadRequest, _server);
    }

    [Theory]
    [InlineData("size", "huge", "size")]
    [InlineData("size", "32", "size")]
    [InlineData("size", "100000", "size")]
    [InlineData("size", "4096", "size")]
    [InlineData("quality", "0", "quality")]
    [InlineData("keepSize", "perhaps", "keepSize")]
    [InlineData("format", "gif", "format")]
    [InlineData("style", "van-gogh", "style")]
    [InlineData("sample", "../models/animeganv2_hayao.onnx", "sample")]
    [InlineData("colour", "pink", "colour")]
    [InlineData("strength", "2", "strength")]
    [InlineData("glow", "bright", "glow")]
    [InlineData("grade", "sepia", "grade")]
    [InlineData("tta", "twice", "tta")]
    [InlineData("preset", "vaporwave", "preset")]
    public async Task ABadOptionIsABadRequestNamingTheField(string field, string value, string named)
    {
        var response = await _server.Client.PostAsync("/api/convert", Form([(field, value)], ("face.jpg", Photo())));
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, _server);
        Assert.Equal(named, problem.GetProperty("field").GetString());
        Assert.Contains(named, problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(named, out _));
    }

    [Fact]
    public async Task NoPhotoAtAllIsABadRequest()
    {
        var response = await _server.Client.PostAsync("/api/convert", Form(Small()));
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, _server);
        Assert.Equal("image", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task SeveralPhotosBelongInAJob()
    {
        var response = await _server.Client.PostAsync("/api/convert", Form(Small(), ("a.jpg", Photo()), ("b.jpg", Photo())));
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, _server);
        Assert.Contains("/api/jobs", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ABodyThatIsNotAFormIsUnsupported()
    {
        var response = await _server.Client.PostAsync("/api/convert", new StringContent("{\"image\":\"x\"}", Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, _server);
    }
}
