using System.Net;
using System.Runtime.Versioning;
using System.Text;
using AnimeGan.Imaging;
using AnimeGan.Tests.Looks;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

/// <summary>The look's files on the web: a LUT and a colour reference uploaded with the photo, and the operator's presets.</summary>
[Collection(ServerCollection.Name)]
public class LookFileTests(ServerFixture fixture)
{
    private readonly RunningServer _server = fixture.Server;

    private static byte[] SwapLut() => Encoding.ASCII.GetBytes(CubeText.SwapRedBlue());

    /// <summary>A cool, blue evening picture, far from the sample photo's colours.</summary>
    private static byte[] BlueReference()
    {
        var pixels = new PixelBuffer(160, 120, 3);
        for (var y = 0; y < pixels.Height; y++)
        for (var x = 0; x < pixels.Width; x++)
        {
            var i = (y * pixels.Width + x) * 3;
            (pixels.Data[i], pixels.Data[i + 1], pixels.Data[i + 2]) = ((byte)(20 + x / 8), (byte)(60 + y / 2), (byte)(150 + (x + y) / 4));
        }
        return new ImageCodec().Encode(pixels, null, OutputFormat.Png);
    }

    /// <summary>A warm portrait at the tests' small size, as PNG so that the colours are compared without JPEG's rounding.</summary>
    private static MultipartFormDataContent Portrait(params (string, string)[] more) =>
        Form(Small([("format", "png"), .. more]), ("portrait.jpg", Photo("face_1.jpg")));

    private async Task<byte[]> Convert(MultipartFormDataContent form)
    {
        var response = await _server.Client.PostAsync("/api/convert", form);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task AnUploadedLutThatSwapsRedAndBlueSwapsThemAsTheOperatorsPresetDoes()
    {
        var plain = MeanColour(await Convert(Portrait()));
        var uploaded = MeanColour(await Convert(Portrait().WithFile("lut", "swap.cube", SwapLut())));
        var preset = MeanColour(await Convert(Portrait(("preset", ServerFixture.OperatorPreset))));

        Assert.True(Math.Abs(plain[0] - plain[2]) > 5, $"red and blue means {plain[0]:F1} and {plain[2]:F1} are too close to tell a swap");
        Assert.InRange(uploaded[0] - plain[2], -1, 1);
        Assert.InRange(uploaded[1] - plain[1], -1, 1);
        Assert.InRange(uploaded[2] - plain[0], -1, 1);
        Assert.Equal(uploaded, preset);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task AColourReferenceMovesTheJobsColoursAndIsNeverWrittenToDisk()
    {
        var reference = BlueReference();
        var plain = MeanColour(await Convert(Portrait()));

        var location = await SubmitJob(_server.Client, Portrait().WithFile("colorRef", "evening.png", reference));
        var job = await WaitForJob(_server.Client, location);
        Assert.Equal("done", job.GetProperty("state").GetString());
        var referred = MeanColour(await _server.Client.GetByteArrayAsync(job.GetProperty("images")[0].GetProperty("result").GetString()));

        // Each channel's mean moves most of the way to the reference's.
        var target = MeanColour(reference);
        for (var channel = 0; channel < 3; channel++)
            Assert.True(Math.Abs(referred[channel] - target[channel]) < 0.4 * Math.Abs(plain[channel] - target[channel]),
                $"channel {channel}: {plain[channel]:F1} became {referred[channel]:F1}, the reference has {target[channel]:F1}");

        // Read once into the job's settings: the job's folder holds the photo's result, its upload and painted
        // picture (for a new look), and nothing of the reference.
        var folder = Path.Combine(_server.ScratchRoot, job.GetProperty("id").GetString()!);
        var stored = Directory.GetFiles(folder);
        Assert.Equal(["0.painted", "0.photo", "0.png"], stored.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(stored, file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
        Assert.DoesNotContain(stored, file => File.ReadAllBytes(file).AsSpan().IndexOf(reference) >= 0);

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync(location)).StatusCode);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task ABrokenLutIsABadRequestNamingTheFieldAndTheLineAndMakesNoJob()
    {
        var broken = Encoding.ASCII.GetBytes("TITLE \"almost\"\nLUT_3D_SIZE 2\n0 0 0\n1 0 zero\n");
        var jobsBefore = await JobCount(_server.Client);

        var response = await _server.Client.PostAsync("/api/jobs", Portrait().WithFile("lut", "dusk.cube", broken));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, _server);
        Assert.Equal("lut", problem.GetProperty("field").GetString());
        Assert.Equal(4, problem.GetProperty("line").GetInt32());
        Assert.Contains("dusk.cube line 4: expected three numbers", problem.GetProperty("detail").GetString());
        Assert.Equal(jobsBefore, await JobCount(_server.Client));
    }

    [Theory]
    [InlineData("notes.txt", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("cut.jpg", HttpStatusCode.UnprocessableEntity)]
    public async Task AColourReferenceThatIsNoUsablePictureIsRefusedNamingTheField(string name, HttpStatusCode status)
    {
        var bytes = status == HttpStatusCode.UnsupportedMediaType ? NotAnImage() : TruncatedJpeg();

        var response = await _server.Client.PostAsync("/api/convert", Portrait().WithFile("colorRef", name, bytes));

        var problem = await AssertProblem(response, status, _server);
        Assert.Equal("colorRef", problem.GetProperty("field").GetString());
        Assert.Contains($"colorRef {name}", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ALutOverItsSizeLimitIsTooLarge()
    {
        var huge = new byte[9 << 20];
        huge.AsSpan().Fill((byte)'#');

        var response = await _server.Client.PostAsync("/api/convert", Portrait().WithFile("lut", "huge.cube", huge));

        var problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, _server);
        Assert.Equal("lut", problem.GetProperty("field").GetString());
        Assert.Contains("up to 8 MB", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("lut", "/etc/passwd")]
    [InlineData("colorRef", "../shared/images/face_1.jpg")]
    public async Task AServerPathIsNeverAFile(string field, string path)
    {
        var response = await _server.Client.PostAsync("/api/convert", Portrait((field, path)));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, _server);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains("uploaded as a file", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ALutGivenTwiceIsABadRequest()
    {
        var response = await _server.Client.PostAsync("/api/convert",
            Portrait().WithFile("lut", "a.cube", SwapLut()).WithFile("lut", "b.cube", SwapLut()));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, _server);
        Assert.Equal("lut", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task TheOperatorsPresetIsListedWithItsFileNameOnly()
    {
        var catalog = await ReadJson(await _server.Client.GetAsync("/api/styles"));

        var presets = catalog.GetProperty("presets").EnumerateArray().ToList();
        var swapped = presets.Single(p => p.GetProperty("name").GetString() == ServerFixture.OperatorPreset);
        Assert.False(swapped.GetProperty("builtIn").GetBoolean());
        Assert.True(swapped.GetProperty("available").GetBoolean());
        Assert.Equal(ServerFixture.OperatorLut, swapped.GetProperty("values").GetProperty("lut").GetString());
        Assert.Equal("", swapped.GetProperty("values").GetProperty("colorRef").GetString());
        Assert.True(presets.Single(p => p.GetProperty("name").GetString() == "hayao-soft").GetProperty("builtIn").GetBoolean());
    }
}
