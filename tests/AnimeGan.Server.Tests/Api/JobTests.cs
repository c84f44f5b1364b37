using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

[Collection(ServerCollection.Name)]
public class JobTests(ServerFixture fixture)
{
    private readonly RunningServer _server = fixture.Server;

    [Fact]
    public async Task AJobConvertsEachPhotoReportsItAndLogsIt()
    {
        var response = await _server.Client.PostAsync("/api/jobs",
            Form(Small(("format", "webp")), ("first.jpg", Photo("face_3.jpg")), ("second.jpg", Photo("scene_2.jpg"))));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = await ReadJson(response);
        var id = submitted.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal($"/api/jobs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(["first.jpg", "second.jpg"], submitted.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("name").GetString()));

        var job = await WaitForJob(_server.Client, response.Headers.Location!);
        Assert.Equal("done", job.GetProperty("state").GetString());
        Assert.Equal(1.0, job.GetProperty("progress").GetDouble());
        foreach (var image in job.GetProperty("images").EnumerateArray())
        {
            Assert.Equal("done", image.GetProperty("state").GetString());
            Assert.Equal("done", image.GetProperty("stage").GetString());
            Assert.Equal("image/webp", image.GetProperty("mediaType").GetString());
            Assert.True(image.GetProperty("timings").GetProperty("stylize").GetDouble() > 0);
            var result = await _server.Client.GetAsync(image.GetProperty("result").GetString());
            Assert.Equal("image/webp", result.Content.Headers.ContentType?.MediaType);
            var picture = Decode(await result.Content.ReadAsByteArrayAsync());
            Assert.Equal((image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32(), "webp"), picture);
            Assert.Equal(256, Math.Max(picture.Width, picture.Height));
        }

        // One log line for the job, with its outcome and time per stage, and one per request.
        var jobLines = _server.Logs.Lines.Where(line => line.StartsWith($"job {id} ")).ToList();
        Assert.Single(jobLines);
        Assert.Matches(@"^job [0-9a-f]{32} done: 2/2 converted, 0 failed, 0 from the cache, in \d+\.\d\d s; hayao at \d+x\d+ \d+x\d+ \(decode \d+ ms, stylize \d+ ms, encode \d+ ms\)$", jobLines[0]);
        Assert.Contains(_server.Logs.Lines, line => line.StartsWith("POST /api/jobs 202 in ") && line.EndsWith(" ms"));
        Assert.Contains(_server.Logs.Lines, line => line.StartsWith($"GET /api/jobs/{id} 200 in "));
    }

    [Fact]
    public async Task AResultCanBeDownloadedUnderThePhotosName()
    {
        var location = await SubmitJob(_server.Client, Form(Small(), ("holiday.jpeg", Photo())));
        await WaitForJob(_server.Client, location);

        var download = await _server.Client.GetAsync($"{location}/results/0?download=true");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("holiday_hayao.jpg", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("jpeg", Decode(await download.Content.ReadAsByteArrayAsync()).Format);
    }

    [Fact]
    public async Task ThePhotoAsUploadedIsKeptWithItsResultForTheJobsLife()
    {
        var photo = Photo("scene_2.jpg");
        var location = await SubmitJob(_server.Client, Form(Small(), ("street.jpg", photo)));
        var image = (await WaitForJob(_server.Client, location)).GetProperty("images")[0];

        var original = await _server.Client.GetAsync(image.GetProperty("original").GetString());
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal("image/jpeg", original.Content.Headers.ContentType?.MediaType);
        Assert.Equal(photo, await original.Content.ReadAsByteArrayAsync());
        await AssertProblem(await _server.Client.GetAsync($"{location}/originals/1"), HttpStatusCode.NotFound, _server);

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync(location)).StatusCode);
        await AssertProblem(await _server.Client.GetAsync(image.GetProperty("original").GetString()), HttpStatusCode.NotFound, _server);
    }

    [Fact]
    public async Task AllResultsOfAJobComeAsOneZipNamedAfterTheJob()
    {
        var location = await SubmitJob(_server.Client, Form(Small(("preset", "hayao-soft")),
            ("beach.jpg", Photo("scene_3.jpg")), ("beach.jpg", Photo("face_9.jpg")), ("cut.jpg", TruncatedJpeg())));
        var job = await WaitForJob(_server.Client, location);
        var id = job.GetProperty("id").GetString()!;

        var response = await _server.Client.GetAsync($"{location}/results.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"animegan-{id[..8]}_hayao-soft.zip", response.Content.Headers.ContentDisposition?.FileNameStar);
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        // The photo that failed is not in it; two photos of one name stay apart.
        Assert.Equal(["beach_hayao-soft.jpg", "beach_hayao-soft (2).jpg"], zip.Entries.Select(e => e.FullName));
        await using (var entry = zip.Entries[1].Open())
        {
            var bytes = new MemoryStream();
            await entry.CopyToAsync(bytes);
            Assert.Equal(await _server.Client.GetByteArrayAsync($"{location}/results/1"), bytes.ToArray());
        }

        var several = await _server.Client.GetAsync($"/api/results.zip?job={id}&job={id}");
        Assert.Equal("animegan-results.zip", several.Content.Headers.ContentDisposition?.FileNameStar);
        await AssertProblem(await _server.Client.GetAsync("/api/results.zip?job=0123456789abcdef0123456789abcdef"), HttpStatusCode.NotFound, _server);
    }

    /// <summary>The CLI's rule (<c>animegan convert photo.jpg --preset shinkai-grade</c> writes photo_shinkai-grade.jpg), on every download.</summary>
    [Theory]
    [InlineData("shinkai-grade", null, "photo_shinkai-grade.jpg")]
    [InlineData("shinkai-grade", "hayao", "photo_hayao.jpg")]
    [InlineData(null, null, "photo_hayao.jpg")]
    public async Task AResultIsNamedAfterThePresetUnlessAStyleWasAskedFor(string? preset, string? style, string expected)
    {
        (string, string)[] asked = [.. preset is null ? [] : new[] { ("preset", preset) }, .. style is null ? [] : new[] { ("style", style) }];
        var location = await SubmitJob(_server.Client, Form(Small(asked), ("photo.jpg", Photo())));
        var job = await WaitForJob(_server.Client, location);

        Assert.Equal(expected, job.GetProperty("images")[0].GetProperty("download").GetString());
        var download = await _server.Client.GetAsync($"{location}/results/0?download=true");
        Assert.Equal(expected, download.Content.Headers.ContentDisposition?.FileNameStar);
        var instant = await _server.Client.PostAsync("/api/convert", Form(Small(asked), ("photo.jpg", Photo())));
        Assert.Equal(expected, instant.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task ProgressStreamsAsServerSentEventsUntilTheJobEnds()
    {
        var location = await SubmitJob(_server.Client, Form(Small(), ("face.jpg", Photo("face_4.jpg"))));

        using var stream = await _server.Client.GetStreamAsync($"{location}/events");
        using var reader = new StreamReader(stream);
        var events = new List<JsonElement>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event:")) Assert.Equal("event: status", line);
            if (line.StartsWith("data: ")) events.Add(JsonDocument.Parse(line["data: ".Length..]).RootElement);
        }

        Assert.NotEmpty(events);
        Assert.Equal("done", events[^1].GetProperty("state").GetString());
        var progress = events.Select(e => e.GetProperty("images")[0].GetProperty("progress").GetDouble()).ToList();
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(1.0, progress[^1]);
    }

    [Fact]
    public async Task AnUndecodablePhotoFailsAloneWithItsProblem()
    {
        var location = await SubmitJob(_server.Client, Form(Small(), ("good.jpg", Photo()), ("cut.jpg", TruncatedJpeg())));
        var job = await WaitForJob(_server.Client, location);

        Assert.Equal("done", job.GetProperty("state").GetString());
        var (good, cut) = (job.GetProperty("images")[0], job.GetProperty("images")[1]);
        Assert.Equal("done", good.GetProperty("state").GetString());
        Assert.Equal("failed", cut.GetProperty("state").GetString());
        Assert.Equal(422, cut.GetProperty("error").GetProperty("status").GetInt32());
        Assert.Contains("cut.jpg", cut.GetProperty("error").GetProperty("detail").GetString());

        await AssertProblem(await _server.Client.GetAsync($"{location}/results/1"), HttpStatusCode.UnprocessableEntity, _server);
        await AssertProblem(await _server.Client.GetAsync($"{location}/results/2"), HttpStatusCode.NotFound, _server);
    }

    [Fact]
    public async Task ANonImageIsRefusedBeforeAJobIsMade()
    {
        var jobsBefore = await JobCount(_server.Client);

        var response = await _server.Client.PostAsync("/api/jobs", Form(Small(), ("good.jpg", Photo()), ("notes.txt", NotAnImage())));

        var problem = await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, _server);
        Assert.Contains("notes.txt", problem.GetProperty("detail").GetString());
        Assert.Equal(jobsBefore, await JobCount(_server.Client));
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/events")]
    [InlineData("GET", "/results/0")]
    [InlineData("DELETE", "")]
    public async Task AnUnknownJobIsNotFound(string method, string suffix)
    {
        var response = await _server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/jobs/0123456789abcdef0123456789abcdef{suffix}"));
        await AssertProblem(response, HttpStatusCode.NotFound, _server);
    }

    [Fact]
    public async Task TwentyConcurrentJobsAllComplete()
    {
        var photos = new[] { "face_5.jpg", "face_6.jpg", "group_2.jpg", "group_13.jpg" }.Select(Photo).ToArray();
        var locations = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            SubmitJob(_server.Client, Form([("size", "128")], ($"photo{i}.jpg", photos[i % photos.Length])))));

        var jobs = await Task.WhenAll(locations.Select(location => WaitForJob(_server.Client, location)));

        Assert.All(jobs, job => Assert.Equal("done", job.GetProperty("state").GetString()));
        var results = await Task.WhenAll(jobs.Select(job => _server.Client.GetByteArrayAsync(job.GetProperty("images")[0].GetProperty("result").GetString())));
        Assert.All(results, bytes => Assert.Equal(128, Math.Max(Decode(bytes).Width, Decode(bytes).Height)));
        Assert.Equal(20, locations.Distinct().Count());
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task DeletingAJobCancelsItAndRemovesItsFiles()
    {
        var location = await SubmitJob(_server.Client,
            Form(Small(), ("a.jpg", Photo("group_1.jpg")), ("b.jpg", Photo("group_3.jpg")), ("c.jpg", Photo("group_5.jpg")), ("d.jpg", Photo("group_6.jpg"))));
        var id = location.OriginalString.Split('/').Last();
        var folder = Path.Combine(_server.ScratchRoot, id);

        // Wait for the first result on disk, so there is something to delete.
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (Directory.Exists(folder) && !Directory.EnumerateFiles(folder, "*.jpg").Any())
        {
            Assert.True(DateTime.UtcNow < deadline, "no result appeared");
            await Task.Delay(20);
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_server.ScratchRoot));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        // The files of that moment (an upload becomes its kept photo as its result is stored: one may move meanwhile).
        foreach (var file in Directory.GetFiles(folder))
        {
            try
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
            catch (FileNotFoundException)
            {
            }
        }

        var deleted = await _server.Client.DeleteAsync(location);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(Directory.Exists(folder));
        await AssertProblem(await _server.Client.GetAsync(location), HttpStatusCode.NotFound, _server);
        await AssertProblem(await _server.Client.GetAsync($"{location}/results/0"), HttpStatusCode.NotFound, _server);
        // The image that was running when the job was deleted must not bring the folder back.
        await Task.Delay(1500);
        Assert.False(Directory.Exists(folder));
    }
}
