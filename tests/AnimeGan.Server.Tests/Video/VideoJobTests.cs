using System.Net;
using System.Net.Http.Headers;
using AnimeGan.Server.Tests.Api;
using AnimeGan.Tests.Video;
using AnimeGan.Video;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Video;

/// <summary>Clips through POST /api/jobs: a job per clip with frame progress, an MP4 result with its sound, and every bad clip refused in words.</summary>
[Collection(ServerCollection.Name)]
public sealed class VideoJobTests(ServerFixture fixture) : IDisposable
{
    private readonly RunningServer _server = fixture.Server;
    private readonly TestClips _clips = new();

    public void Dispose() => _clips.Dispose();

    [Fact]
    public async Task AClipBecomesAnMp4WithItsSoundFrameByFrameProgressAndSeekableDownload()
    {
        var location = await SubmitJob(_server.Client, Form([("style", "cute"), ("size", "128")], ("pan.mp4", await File.ReadAllBytesAsync(_clips.Pan))));

        // Progress counts frames: watch the stream until the end, keeping every frame report.
        var events = await JobEvents(location);
        var running = events.Where(e => e.GetProperty("state").GetString() == "running" && e.TryGetProperty("frames", out _)).ToList();
        Assert.NotEmpty(running);
        Assert.All(running, e => Assert.Equal(36, e.GetProperty("frames").GetInt32()));
        Assert.All(running, e => Assert.True(e.GetProperty("remainingSeconds").GetDouble() >= 0));
        Assert.Equal(running.Select(e => e.GetProperty("frame").GetInt32()).Order(), running.Select(e => e.GetProperty("frame").GetInt32()));

        var job = await WaitForJob(_server.Client, location);
        var image = job.GetProperty("images")[0];
        Assert.Equal("done", image.GetProperty("state").GetString());
        Assert.Equal("video/mp4", image.GetProperty("mediaType").GetString());
        Assert.Equal(36, image.GetProperty("frames").GetInt32());
        Assert.False(image.GetProperty("timings").TryGetProperty("faces", out _)); // clips paint faces only when asked
        Assert.True(image.GetProperty("timings").GetProperty("stabilize").GetDouble() > 0);

        var download = await _server.Client.GetAsync($"{location}/results/0?download=true");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("video/mp4", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pan_cute.mp4", download.Content.Headers.ContentDisposition?.FileNameStar);
        var path = Path.Combine(_clips.PathFor("result.mp4"));
        await File.WriteAllBytesAsync(path, await download.Content.ReadAsByteArrayAsync());
        var result = await VideoProbe.ReadAsync(Ffmpeg.Find(), path);
        Assert.Equal((image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()), (result.Width, result.Height));
        Assert.Equal(128, result.Width); // the working size, rounded to the style's multiple
        Assert.Equal(12, result.FramesPerSecond, 1);
        Assert.InRange(result.Duration.TotalSeconds, 2.8, 3.3);
        Assert.True(result.HasAudio);

        // A <video> seeks with ranges.
        using var partial = new HttpRequestMessage(HttpMethod.Get, $"{location}/results/0") { Headers = { Range = new RangeHeaderValue(100, 199) } };
        var range = await _server.Client.SendAsync(partial);
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(100, (await range.Content.ReadAsByteArrayAsync()).Length);
        AssertNothingLeftRunning();
    }

    [Theory]
    [InlineData("truncated", "not a video ffmpeg can read")]
    [InlineData("audio", "sound but no picture")]
    [InlineData("empty", "empty")]
    [InlineData("notes", "not a video ffmpeg can read")]
    [InlineData("photo", "still picture")]
    public async Task ABadClipIsRefusedWith422InWordsAndLeavesNothingBehind(string which, string expected)
    {
        var (name, bytes) = which switch
        {
            "truncated" => ("truncated.mp4", await File.ReadAllBytesAsync(_clips.Truncated)),
            "audio" => ("song.mp4", await File.ReadAllBytesAsync(_clips.AudioOnly)),
            "empty" => ("empty.mp4", []),
            "notes" => ("notes.mp4", "not a video at all"u8.ToArray()),
            _ => ("holiday.mp4", Photo("scene_2.jpg")),
        };
        var jobsBefore = await JobCount(_server.Client);

        var response = await _server.Client.PostAsync("/api/jobs", Form(Small(), (name, bytes)));

        var problem = await AssertProblem(response, HttpStatusCode.UnprocessableEntity, _server);
        Assert.Contains(name, problem.GetProperty("detail").GetString());
        Assert.Contains(expected, problem.GetProperty("detail").GetString());
        Assert.Equal(jobsBefore, await JobCount(_server.Client));
        Assert.Empty(Directory.EnumerateFiles(_server.ScratchRoot, "*.incoming"));
        AssertNothingLeftRunning();
    }

    [Fact]
    public async Task TheOnePhotoEndpointSendsClipsToJobs()
    {
        var response = await _server.Client.PostAsync("/api/convert", Form(Small(), ("pan.mp4", await File.ReadAllBytesAsync(_clips.Pan))));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, _server);
        Assert.Contains("POST /api/jobs", problem.GetProperty("detail").GetString());
        Assert.Empty(Directory.EnumerateFiles(_server.ScratchRoot, "*.incoming"));
    }

    [Fact]
    public async Task ClipsOverTheServersLimitsAre413NamingTheLimit()
    {
        // 12 s at 1 fps, and 5 s at 8 fps (40 frames): one over the length limit, one over the frame limit.
        var (longClip, busyClip) = (_clips.PathFor("long.mp4"), _clips.PathFor("busy.mp4"));
        TestClips.FfmpegTool("-f", "lavfi", "-i", "testsrc=size=64x64:rate=1", "-t", "12", "-pix_fmt", "yuv420p", longClip);
        TestClips.FfmpegTool("-f", "lavfi", "-i", "testsrc=size=64x64:rate=8", "-t", "5", "-pix_fmt", "yuv420p", busyClip);
        await using var server = await RunningServer.StartAsync(options =>
        {
            options.MaxVideoSeconds = 10;
            options.MaxVideoFrames = 20;
            options.MaxVideoBytes = 100_000;
        });
        Assert.True(new FileInfo(_clips.Pan).Length > 100_000);

        async Task<string> Refusal(string path, params (string, string)[] fields)
        {
            var response = await server.Client.PostAsync("/api/jobs", Form(Small(fields), (Path.GetFileName(path), await File.ReadAllBytesAsync(path))));
            return (await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, server)).GetProperty("detail").GetString()!;
        }

        Assert.Contains("MaxVideoSeconds", await Refusal(longClip));
        Assert.Contains("MaxVideoFrames", await Refusal(busyClip));
        Assert.Contains("MaxVideoBytes", await Refusal(_clips.Pan));
        // Fewer frames a second bring the busy clip within the limit.
        var accepted = await server.Client.PostAsync("/api/jobs", Form(Small(("fps", "2")), ("busy.mp4", await File.ReadAllBytesAsync(busyClip))));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await WaitForJob(server.Client, accepted.Headers.Location!);
        Assert.Equal(10, job.GetProperty("images")[0].GetProperty("frames").GetInt32());

        var limits = (await ReadJson(await server.Client.GetAsync("/api/options"))).GetProperty("video");
        Assert.True(limits.GetProperty("available").GetBoolean());
        Assert.Equal(10, limits.GetProperty("maxVideoSeconds").GetDouble());
        Assert.Equal(20, limits.GetProperty("maxVideoFrames").GetInt32());
        Assert.Empty(Directory.EnumerateFiles(server.ScratchRoot, "*.incoming"));
    }

    [Fact]
    public async Task AServerWithoutFfmpegConvertsPhotosAndRefusesClipsSayingWhy()
    {
        await using var server = await RunningServer.StartAsync(options => options.Ffmpeg = _clips.PathFor("no-ffmpeg-here"));

        var clip = await server.Client.PostAsync("/api/jobs", Form(Small(), ("pan.mp4", await File.ReadAllBytesAsync(_clips.Pan))));
        var problem = await AssertProblem(clip, HttpStatusCode.UnsupportedMediaType, server);
        Assert.Contains("ffmpeg", problem.GetProperty("detail").GetString());
        var video = (await ReadJson(await server.Client.GetAsync("/api/options"))).GetProperty("video");
        Assert.False(video.GetProperty("available").GetBoolean());
        Assert.Contains(server.Logs.Lines, line => line.StartsWith("video is unavailable"));

        var photo = await server.Client.PostAsync("/api/convert", Form(Small(), ("scene.jpg", Photo("scene_2.jpg"))));
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(server.ScratchRoot, "*.incoming"));
    }

    private async Task<List<System.Text.Json.JsonElement>> JobEvents(Uri location)
    {
        using var stream = await _server.Client.GetStreamAsync($"{location}/events");
        using var reader = new StreamReader(stream);
        var images = new List<System.Text.Json.JsonElement>();
        while (await reader.ReadLineAsync() is { } line)
            if (line.StartsWith("data: "))
            {
                var status = System.Text.Json.JsonDocument.Parse(line["data: ".Length..]).RootElement;
                images.Add(status.GetProperty("images")[0]);
            }
        return images;
    }

    /// <summary>No ffmpeg or ffprobe this process started is still running.</summary>
    private static void AssertNothingLeftRunning()
    {
        var ours = Environment.ProcessId.ToString();
        var children = Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => name!.All(char.IsAsciiDigit))
            .Select(pid => (Stat: Read($"/proc/{pid}/stat"), Command: Read($"/proc/{pid}/comm").Trim()))
            .Where(p => p.Command is "ffmpeg" or "ffprobe" && p.Stat.Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var parent, ..] && parent == ours)
            .ToList();
        Assert.Empty(children);
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return ""; // the process ended meanwhile
        }
    }
}
