using System.Globalization;
using System.Net;
using System.Text.Json;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

public class QueueTests
{
    [Fact]
    public async Task AWaitingPhotoKnowsItsPlaceAndARunningOneItsTimeLeft()
    {
        await using var server = await RunningServer.StartAsync(options =>
        {
            options.Workers = 1;
            options.MaxImagesPerJob = 2;
            options.ResultCacheBytes = 0; // the same photo three times: each must be painted, not answered from the cache
            options.Threads = 1; // a core left for the events: on two cores a conversion on both can hold them back until it ends
        });
        var scene = Photo("scene_1.jpg");
        await SubmitJob(server.Client, Form([("size", "1024")], ("a.jpg", scene), ("b.jpg", scene)));
        var waiting = await server.Client.PostAsync("/api/jobs", Form([("size", "1024")], ("c.jpg", scene)));

        var image = (await ReadJson(waiting)).GetProperty("images")[0];
        Assert.Equal("queued", image.GetProperty("state").GetString());
        Assert.InRange(image.GetProperty("queuePosition").GetInt32(), 2, 3); // behind b.jpg, and a.jpg unless a worker took it already
        Assert.True(image.GetProperty("startsInSeconds").GetDouble() > 0);

        // Its events: the place only moves up, to next in line; then it runs, saying how long is left; then it is done.
        using var stream = await server.Client.GetStreamAsync($"{waiting.Headers.Location}/events");
        using var reader = new StreamReader(stream);
        var (places, left) = (new List<int>(), new List<double>());
        string? state = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ")) continue;
            var status = JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("images")[0];
            state = status.GetProperty("state").GetString();
            if (status.TryGetProperty("queuePosition", out var place)) places.Add(place.GetInt32());
            if (status.TryGetProperty("remainingSeconds", out var seconds)) left.Add(seconds.GetDouble());
        }
        Assert.Equal("done", state);
        Assert.Equal(places.OrderDescending(), places);
        Assert.Equal(1, places[^1]);
        Assert.NotEmpty(left);
        Assert.All(left, seconds => Assert.True(seconds >= 0));
    }

    [Fact]
    public async Task AFullQueueAnswersServiceUnavailableWithRetryAfter()
    {
        // One worker, one waiting place: a job of two large conversions fills the server until the first is painted.
        await using var server = await RunningServer.StartAsync(options =>
        {
            options.Workers = 1;
            options.QueueCapacity = 1;
            options.MaxImagesPerJob = 2;
        });
        var scene = Photo("scene_1.jpg");
        var busy = await SubmitJob(server.Client, Form([("size", "1024")], ("a.jpg", scene), ("b.jpg", scene)));

        var refused = await server.Client.PostAsync("/api/convert", Form(Small(), ("c.jpg", Photo())));

        var problem = await AssertProblem(refused, HttpStatusCode.ServiceUnavailable, server);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 300);
        Assert.Contains($"{retryAfter} s", problem.GetProperty("detail").GetString());

        var refusedJob = await server.Client.PostAsync("/api/jobs", Form(Small(), ("d.jpg", Photo())));
        await AssertProblem(refusedJob, HttpStatusCode.ServiceUnavailable, server);
        Assert.True(refusedJob.Headers.Contains("Retry-After"));

        // Deleting the busy job stops its running conversion and drops the waiting one: the queue empties
        // without painting them, and the next photo goes through.
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync(busy)).StatusCode);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await ReadJson(await server.Client.GetAsync("/healthz"))).GetProperty("queue") is var queue
               && queue.GetProperty("waiting").GetInt32() + queue.GetProperty("running").GetInt32() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the deleted job still occupies the queue");
            await Task.Delay(50);
        }
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains("converted"));
        var next = await SubmitJob(server.Client, Form(Small(), ("e.jpg", Photo())));
        Assert.Equal("done", (await WaitForJob(server.Client, next)).GetProperty("state").GetString());
    }
}
