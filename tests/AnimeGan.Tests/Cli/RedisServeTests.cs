using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AnimeGan.Tests.Cli;

/// <summary>
/// `animegan serve --redis` as separate processes sharing a real redis-server: what only a process of
/// its own can show, a replica killed outright (SIGKILL) and a start refused with exit 2.
/// </summary>
public sealed partial class RedisServeTests(ITestOutputHelper output) : TemporaryFolder
{
    [Theory]
    [InlineData("option")]
    [InlineData("environment")]
    public void AServerWhoseRedisCannotBeReachedStopsWithExitTwoNamingIt(string givenBy)
    {
        var address = $"127.0.0.1:{RedisServer.FreePort()}";
        string[] serve = ["serve", "--models", TestData.Models, "--urls", "http://127.0.0.1:0"];
        var result = givenBy == "option"
            ? CliRunner.Run(Folder, [.. serve, "--redis", address])
            : CliRunner.Run(Folder, new Dictionary<string, string> { ["ANIMEGAN__REDIS"] = address }, serve);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"cannot start the server: the job back-end (Redis at {address}) cannot be reached", result.StdErr);
    }

    [Fact]
    public async Task APhotoOfAReplicaKilledMidConversionIsFinishedByAnother()
    {
        using var redis = new RedisServer();
        var a = Serve(redis);
        var addressA = await AddressOf(a);
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };

        // A takes the photo; B starts after that, while A converts it (some 20 s at 2048 px here).
        using var form = new MultipartFormDataContent { { new StringContent("2048"), "size" }, { new StringContent("false"), "faces" } };
        var photo = new ByteArrayContent(await File.ReadAllBytesAsync(TestData.Image("scene_2.jpg")));
        form.Add(photo, "image", "photo.jpg");
        var submitted = await client.PostAsync($"{addressA}/api/jobs", form);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        await WaitFor(client, $"{addressA}{submitted.Headers.Location}", state => state == "running");
        var b = Serve(redis);
        var addressB = await AddressOf(b);
        var location = $"{addressB}{submitted.Headers.Location}";
        Assert.Equal("running", (await client.GetFromJsonAsync<JsonElement>(location)).GetProperty("state").GetString());

        a.Kill(); // SIGKILL: no shutdown, no clean-up, its claim on the photo just stops being renewed
        await a.WaitForExitAsync();
        var killed = Stopwatch.StartNew();

        var job = await WaitFor(client, location, state => state is "done" or "failed" or "cancelled");
        output.WriteLine($"finished by B {killed.Elapsed.TotalSeconds:F1} s after A was killed");
        Assert.Equal("done", job.GetProperty("state").GetString());
        var result = await client.GetAsync($"{addressB}{job.GetProperty("images")[0].GetProperty("result").GetString()}");
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("image/jpeg", result.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A replica that takes over a dead one's photo after 2 s without a sign of life; killed at the end of the test.</summary>
    private Process Serve(RedisServer redis)
    {
        var serve = CliRunner.Start(Folder, new Dictionary<string, string> { ["ANIMEGAN__REDISVISIBILITYTIMEOUT"] = "00:00:02" },
            "serve", "--models", TestData.Models, "--urls", "http://127.0.0.1:0", "--redis", redis.Address);
        _serves.Add(serve);
        return serve;
    }

    private readonly List<Process> _serves = [];

    private static async Task<string> AddressOf(Process serve)
    {
        while (await serve.StandardOutput.ReadLineAsync() is { } line)
        {
            if (ListeningOn().Match(line) is not { Success: true } listening) continue;
            // Read on, so the server never blocks on a full pipe.
            _ = serve.StandardOutput.ReadToEndAsync();
            _ = serve.StandardError.ReadToEndAsync();
            return listening.Groups[1].Value;
        }
        throw new InvalidOperationException($"the server stopped before listening: {await serve.StandardError.ReadToEndAsync()}");
    }

    private static async Task<JsonElement> WaitFor(HttpClient client, string location, Func<string, bool> reached)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>(location);
            if (reached(job.GetProperty("state").GetString()!)) return job;
            Assert.True(DateTime.UtcNow < deadline, $"job still {job.GetProperty("state")} at the deadline");
            await Task.Delay(50);
        }
    }

    public override void Dispose()
    {
        foreach (var serve in _serves)
        {
            if (!serve.HasExited)
            {
                serve.Kill();
                serve.WaitForExit();
            }
            serve.Dispose();
        }
        base.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
