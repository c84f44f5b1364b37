using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AnimeGan.Server.Jobs.Redis;
using AnimeGan.Tests.Looks;
using AnimeGan.Tests.Video;
using StackExchange.Redis;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Redis;

/// <summary>
/// Replicas sharing one real Redis (<see cref="RedisServer"/>): each test starts its own Redis and its
/// own servers, so what one leaves in the queue cannot reach another. Run alone: two or three servers
/// converting at once would slow the other tests' servers past their deadlines on a small machine.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisJobTests : TemporaryFolder
{
    private readonly RedisServer _redis = new();

    public override void Dispose()
    {
        _redis.Dispose();
        base.Dispose();
    }

    private Task<RunningServer> Replica(Action<ServerOptions>? configure = null) => RunningServer.StartAsync(options =>
    {
        options.Redis = _redis.Address;
        configure?.Invoke(options);
    });

    [Fact]
    public async Task AJobSubmittedToOneReplicaIsWatchedAndDownloadedFromAnother()
    {
        await using var a = await Replica();
        await using var b = await Replica();

        var response = await a.Client.PostAsync("/api/jobs",
            Form(Small(("format", "png")), ("first.jpg", Photo("face_3.jpg")), ("second.jpg", Photo("scene_2.jpg"))));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!;

        // Events on B, as they happen wherever the photos are converted.
        using var stream = await b.Client.GetStreamAsync($"{location}/events");
        using var reader = new StreamReader(stream);
        var events = new List<JsonElement>();
        while (await reader.ReadLineAsync() is { } line)
            if (line.StartsWith("data: ")) events.Add(JsonDocument.Parse(line["data: ".Length..]).RootElement);
        Assert.Equal("done", events[^1].GetProperty("state").GetString());
        var progress = events.Select(e => e.GetProperty("progress").GetDouble()).ToList();
        Assert.Equal(progress.Order(), progress);

        var job = await WaitForJob(b.Client, location);
        Assert.Equal("done", job.GetProperty("state").GetString());
        foreach (var image in job.GetProperty("images").EnumerateArray())
        {
            Assert.Equal("image/png", image.GetProperty("mediaType").GetString());
            var result = await b.Client.GetAsync($"{image.GetProperty("result").GetString()}?download=true");
            Assert.Equal(HttpStatusCode.OK, result.StatusCode);
            Assert.Equal("image/png", result.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith("_hayao.png", result.Content.Headers.ContentDisposition?.FileNameStar);
            var picture = Decode(await result.Content.ReadAsByteArrayAsync());
            Assert.Equal((image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32(), "png"), picture);
            Assert.Equal(256, Math.Max(picture.Width, picture.Height));
        }
        // A's answer is the same job.
        Assert.Equal("done", (await WaitForJob(a.Client, location)).GetProperty("state").GetString());
        // One log line for the job, from the replica that finished it.
        Assert.Single(a.Logs.Lines.Concat(b.Logs.Lines), line => line.StartsWith($"job {job.GetProperty("id").GetString()} done: 2/2 converted"));
    }

    [Fact]
    public async Task AnUploadedLutTravelsWithTheJobAndIsAppliedByTheReplicaThatConvertsIt()
    {
        await using var a = await Replica();
        await using var b = await Replica();

        var plain = MeanColour(await ConvertThrough(a, b, Form(Small(), ("face.jpg", Photo("face_1.jpg")))));
        var swapped = MeanColour(await ConvertThrough(a, b,
            Form(Small(), ("face.jpg", Photo("face_1.jpg"))).WithFile("lut", "swap.cube", Encoding.ASCII.GetBytes(CubeText.SwapRedBlue()))));

        Assert.True(Math.Abs(plain[0] - plain[2]) > 5, $"red and blue means {plain[0]:F1} and {plain[2]:F1} are too close to tell a swap");
        Assert.InRange(swapped[0] - plain[2], -1, 1);
        Assert.InRange(swapped[2] - plain[0], -1, 1);
    }

    [Fact]
    public async Task APhotoConvertedByOneReplicaIsAnsweredFromTheSharedCacheByAny()
    {
        await using var a = await Replica();
        await using var b = await Replica();

        // With a face, so what the cache keeps beside the picture (the faces found) is read back too.
        (string, string)[] settings = [("size", "256"), ("faces", "true"), ("format", "png")];
        var first = await WaitForJob(a.Client, await SubmitJob(a.Client, Form(settings, ("portrait.jpg", Photo("face_2.jpg")))));
        var again = await WaitForJob(b.Client, await SubmitJob(b.Client, Form(settings, ("copy.jpg", Photo("face_2.jpg")))));

        Assert.False(first.GetProperty("images")[0].GetProperty("fromCache").GetBoolean());
        Assert.True(again.GetProperty("images")[0].GetProperty("fromCache").GetBoolean());
        Assert.Equal(1, again.GetProperty("images")[0].GetProperty("faces").GetInt32());
        Assert.Equal(await a.Client.GetByteArrayAsync(first.GetProperty("images")[0].GetProperty("result").GetString()),
            await b.Client.GetByteArrayAsync(again.GetProperty("images")[0].GetProperty("result").GetString()));
        // One model run for the two, whichever replicas' workers took them.
        const string converted = """animegan_conversions_total{style="hayao",kind="photo",outcome="converted"}""";
        const string hits = """animegan_result_cache_lookups_total{result="hit"}""";
        var metrics = new[] { await a.Client.GetStringAsync("/metrics"), await b.Client.GetStringAsync("/metrics") };
        Assert.Equal(1, metrics.Sum(m => MetricSample(m, converted, absent: 0)));
        Assert.Equal(1, metrics.Sum(m => MetricSample(m, hits, absent: 0)));
    }

    [Fact]
    public async Task TheSharedCacheKeepsToItsSizeDroppingTheOldestFirst()
    {
        const long limit = 60_000; // two or three 256 px JPEGs
        await using var a = await Replica(options => options.ResultCacheBytes = limit);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.Address);
        var database = connection.GetDatabase();

        foreach (var photo in new[] { "scene_1.jpg", "scene_2.jpg", "scene_3.jpg", "face_1.jpg", "face_2.jpg" })
        {
            await WaitForJob(a.Client, await SubmitJob(a.Client, Form(Small(), (photo, Photo(photo)))));
            var sizes = await database.HashGetAllAsync("animegan:cache-sizes");
            var total = (long)await database.StringGetAsync("animegan:cache-bytes");
            Assert.InRange(total, 1, limit);
            Assert.Equal(sizes.Sum(entry => (long)entry.Value), total);
            foreach (var entry in sizes) Assert.True(await database.KeyExistsAsync(entry.Name.ToString()), $"{entry.Name} is counted but gone");
        }
        // The first photo's entry went to make room: it is converted again.
        var first = await WaitForJob(a.Client, await SubmitJob(a.Client, Form(Small(), ("scene_1.jpg", Photo("scene_1.jpg")))));
        Assert.False(first.GetProperty("images")[0].GetProperty("fromCache").GetBoolean());
    }

    [Fact]
    public async Task DeletingOnOneReplicaStopsTheJobWhereItRuns()
    {
        await using var a = await Replica();
        var location = await SubmitJob(a.Client, Form([("size", "2048"), ("faces", "false")], ("big.jpg", Photo("scene_2.jpg"))));
        await WaitForState(a.Client, location, "running");
        // B starts after A took the photo: the photo is being converted on A.
        await using var b = await Replica();

        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await b.Client.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.Client.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.DeleteAsync(location)).StatusCode);

        // A's worker stops (a 2048 px conversion takes some 20 s here) and lets the entry go.
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"{_redis.Address},allowAdmin=true");
        var database = connection.GetDatabase();
        while ((await database.StreamPendingAsync(RedisKeys.Queue, RedisKeys.Group)).PendingMessageCount > 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), "the deleted job's photo is still being converted");
            await Task.Delay(100);
        }
        Assert.Equal(0, (long)await database.StringGetAsync(RedisKeys.Admitted));
        Assert.Empty(await KeysOfItsPhotos(database, location));
    }

    [Fact]
    public async Task APhotoWhoseReplicaStopsMidConversionIsFinishedByAnother()
    {
        var quick = (ServerOptions options) =>
        {
            options.RedisVisibilityTimeout = TimeSpan.FromSeconds(2);
            options.ShutdownGrace = TimeSpan.Zero;
        };
        var a = await Replica(quick);
        var location = await SubmitJob(a.Client, Form([("size", "1024"), ("faces", "false")], ("photo.jpg", Photo("scene_2.jpg"))));
        await WaitForState(a.Client, location, "running");
        await using var b = await Replica(quick);
        await a.DisposeAsync(); // stops mid-conversion: the photo is left pending, claimed by A

        await AssertConvertedAt1024(b.Client, location);
    }

    [Fact]
    public async Task APhotoHandedOutMoreThanTheLimitIsFailedSayingSo()
    {
        var once = (ServerOptions options) =>
        {
            options.RedisVisibilityTimeout = TimeSpan.FromSeconds(2);
            options.ShutdownGrace = TimeSpan.Zero;
            options.RedisMaxDeliveries = 1;
        };
        var a = await Replica(once);
        var location = await SubmitJob(a.Client, Form([("size", "1024"), ("faces", "false")], ("poison.jpg", Photo("scene_2.jpg"))));
        await WaitForState(a.Client, location, "running");
        await using var b = await Replica(once);
        await a.DisposeAsync();

        var job = await WaitForJob(b.Client, location, TimeSpan.FromMinutes(2));
        Assert.Equal("failed", job.GetProperty("state").GetString());
        var error = job.GetProperty("images")[0].GetProperty("error");
        Assert.Equal(500, error.GetProperty("status").GetInt32());
        Assert.Contains("poison.jpg: it was handed to a worker 2 times", error.GetProperty("detail").GetString());
        Assert.Contains("not tried again", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AFullQueueIsFullForEveryReplica()
    {
        var small = (ServerOptions options) =>
        {
            options.QueueCapacity = 1;
            options.MaxImagesPerJob = 2;
        };
        await using var a = await Replica(small);
        await using var b = await Replica(small);
        var location = await SubmitJob(a.Client, Form([("size", "1024"), ("faces", "false")], ("1.jpg", Photo("scene_2.jpg")), ("2.jpg", Photo("scene_3.jpg"))));

        var refused = await b.Client.PostAsync("/api/jobs", Form(Small(), ("3.jpg", Photo())));
        await AssertProblem(refused, HttpStatusCode.ServiceUnavailable, b);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        // B's metrics count A's photos: the shared queue is one for all replicas.
        const string shared = "animegan_shared_queue_items";
        Assert.InRange(MetricSample(await b.Client.GetStringAsync("/metrics"), shared), 1, 2);

        await WaitForJob(b.Client, location);
        Assert.Equal(0, MetricSample(await b.Client.GetStringAsync("/metrics"), shared));
        await WaitForJob(a.Client, await SubmitJob(b.Client, Form(Small(), ("3.jpg", Photo()))));
    }

    [Fact]
    public async Task WhileRedisIsDownRequestsAre503NamingTheBackEndAndTheServerRecoversWhenItIsBack()
    {
        await using var a = await Replica();
        _redis.Stop();

        var refused = await a.Client.PostAsync("/api/jobs", Form(Small(), ("face.jpg", Photo())));
        var problem = await AssertProblem(refused, HttpStatusCode.ServiceUnavailable, a);
        Assert.Contains($"Redis at {_redis.Address}", problem.GetProperty("detail").GetString());
        Assert.NotNull(refused.Headers.RetryAfter);
        await AssertProblem(await a.Client.GetAsync($"/api/jobs/{new string('a', 32)}"), HttpStatusCode.ServiceUnavailable, a);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync("/healthz")).StatusCode);
        // Alive, but not to be sent work: a load balancer takes it out until Redis is back.
        var notReady = await a.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("unreachable", (await ReadJson(notReady)).GetProperty("checks").GetProperty("backend").GetString());

        _redis.Start();
        var watch = Stopwatch.StartNew();
        HttpResponseMessage accepted;
        while ((accepted = await a.Client.PostAsync("/api/jobs", Form(Small(), ("face.jpg", Photo())))).StatusCode != HttpStatusCode.Accepted)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"still {(int)accepted.StatusCode} after Redis came back");
            await Task.Delay(200);
        }
        Assert.Equal("done", (await WaitForJob(a.Client, accepted.Headers.Location!)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task APhotoBeingConvertedWhileRedisIsAwayIsStoredWhenItIsBack()
    {
        using var persistent = new RedisServer(persistent: true);
        await using var a = await RunningServer.StartAsync(options => options.Redis = persistent.Address);
        var location = await SubmitJob(a.Client, Form([("size", "1024"), ("faces", "false")], ("photo.jpg", Photo("scene_2.jpg"))));
        await WaitForState(a.Client, location, "running");
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // the append-only file is synced every second

        persistent.Stop();
        await AssertProblem(await a.Client.GetAsync(location), HttpStatusCode.ServiceUnavailable, a);
        await Task.Delay(TimeSpan.FromSeconds(2));
        persistent.Start();

        var watch = Stopwatch.StartNew();
        HttpResponseMessage answer;
        while ((answer = await a.Client.GetAsync(location)).StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "still 503 after Redis came back");
            await Task.Delay(200);
        }
        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        await AssertConvertedAt1024(a.Client, location);
    }

    [Fact]
    public async Task AConnectionStringWithAPasswordIsUsedAndAWrongOneStopsTheStartWithoutRepeatingIt()
    {
        using var guarded = new RedisServer(password: "s3cret-pass");
        await using (var a = await RunningServer.StartAsync(options => options.Redis = $"{guarded.Address},password=s3cret-pass"))
            Assert.Equal("done", (await WaitForJob(a.Client, await SubmitJob(a.Client, Form(Small(), ("face.jpg", Photo()))))).GetProperty("state").GetString());

        var refused = await Assert.ThrowsAsync<JobBackendUnavailableException>(() =>
            RunningServer.StartAsync(options => options.Redis = $"{guarded.Address},password=not-the-pass"));
        Assert.StartsWith($"the job back-end (Redis at {guarded.Address}) cannot be reached", refused.Message);
        Assert.DoesNotContain("not-the-pass", refused.Message);
    }

    [Fact]
    public async Task ARedisThatCannotBeReachedStopsTheStartNamingIt()
    {
        var address = $"127.0.0.1:{RedisServer.FreePort()}";
        var refused = await Assert.ThrowsAsync<JobBackendUnavailableException>(() => RunningServer.StartAsync(options => options.Redis = address));
        Assert.StartsWith($"the job back-end (Redis at {address}) cannot be reached", refused.Message);
    }

    [Fact]
    public async Task ClipsAreRefusedByASharedQueueInWordsAndTheOptionsSaySo()
    {
        await using var a = await Replica();
        var path = Path.Combine(Folder, "pan.mp4");
        TestClips.FfmpegTool("-f", "lavfi", "-i", "testsrc=size=64x64:rate=8", "-t", "1", "-pix_fmt", "yuv420p", path);
        var clip = await File.ReadAllBytesAsync(path);
        var problem = await AssertProblem(await a.Client.PostAsync("/api/jobs", Form(Small(), ("pan.mp4", clip))), HttpStatusCode.UnsupportedMediaType, a);
        Assert.Contains("pan.mp4: this server shares its jobs through Redis, which takes photos only", problem.GetProperty("detail").GetString());
        // The page reads this and offers photos only.
        var video = (await ReadJson(await a.Client.GetAsync("/api/options"))).GetProperty("video");
        Assert.False(video.GetProperty("available").GetBoolean());
        Assert.StartsWith("this server shares its jobs through Redis", video.GetProperty("unavailable").GetString());
    }

    private static async Task<byte[]> ConvertThrough(RunningServer submitTo, RunningServer readFrom, MultipartFormDataContent form)
    {
        var job = await WaitForJob(readFrom.Client, await SubmitJob(submitTo.Client, form));
        Assert.Equal("done", job.GetProperty("state").GetString());
        return await readFrom.Client.GetByteArrayAsync(job.GetProperty("images")[0].GetProperty("result").GetString());
    }

    /// <summary>The job finishes, done, and its 1024 px result is there to fetch from the replica <paramref name="client"/> asks.</summary>
    private static async Task AssertConvertedAt1024(HttpClient client, Uri location)
    {
        var job = await WaitForJob(client, location, TimeSpan.FromMinutes(2));
        Assert.Equal("done", job.GetProperty("state").GetString());
        var picture = Decode(await client.GetByteArrayAsync(job.GetProperty("images")[0].GetProperty("result").GetString()));
        Assert.Equal(1024, Math.Max(picture.Width, picture.Height));
    }

    private static async Task WaitForState(HttpClient client, Uri location, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await ReadJson(await client.GetAsync(location))).GetProperty("state").GetString() != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the job never became {state}");
            await Task.Delay(50);
        }
    }

    /// <summary>The uploads and results of the job that are still in Redis.</summary>
    private static async Task<List<string>> KeysOfItsPhotos(IDatabase database, Uri location)
    {
        var id = location.OriginalString.Split('/')[^1];
        var keys = (RedisResult[])(await database.ExecuteAsync("KEYS", $"animegan:job:{id}:*"))!;
        return keys.Select(k => k.ToString()).ToList();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisCollection
{
    public const string Name = "redis replicas";
}
