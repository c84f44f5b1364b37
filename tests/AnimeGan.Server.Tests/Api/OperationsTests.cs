using System.Net;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

/// <summary>What an operator watches: /metrics, /readyz, and the result cache that spares the model a repeated photo.</summary>
public class OperationsTests
{
    [Fact]
    public async Task TheSamePhotoConvertedTheSameWayAgainComesFromTheCacheWithoutAModelRun()
    {
        await using var server = await RunningServer.StartAsync();

        var first = await server.Client.PostAsync("/api/convert", Form(Small(), ("beach.jpg", Photo("scene_1.jpg"))));
        var again = await server.Client.PostAsync("/api/convert", Form(Small(), ("copy.jpg", Photo("scene_1.jpg"))));
        var otherLook = await server.Client.PostAsync("/api/convert", Form(Small(("strength", "0.8")), ("beach.jpg", Photo("scene_1.jpg"))));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode, otherLook.StatusCode));
        Assert.Equal(["miss", "hit", "miss"], new[] { first, again, otherLook }.Select(r => r.Headers.GetValues("X-Result-Cache").Single()));
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());

        // A job with the same photo and settings is answered from the cache too, and says so.
        var job = await WaitForJob(server.Client, await SubmitJob(server.Client, Form(Small(), ("beach.jpg", Photo("scene_1.jpg")))));
        Assert.True(job.GetProperty("images")[0].GetProperty("fromCache").GetBoolean());

        // Two model runs for four photos: the counters say the cache, not the model, answered the others.
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Equal(2, MetricSample(metrics, """animegan_conversions_total{style="hayao",kind="photo",outcome="converted"}"""));
        Assert.Equal(2, MetricSample(metrics, """animegan_result_cache_lookups_total{result="hit"}"""));
        Assert.Equal(2, MetricSample(metrics, """animegan_result_cache_lookups_total{result="miss"}"""));
    }

    [Fact]
    public async Task MetricsDescribeRequestsJobsTheQueueStagesModelsAndTheProcess()
    {
        await using var server = await RunningServer.StartAsync();
        var converted = await server.Client.PostAsync("/api/convert", Form(Small(), ("beach.jpg", Photo("scene_2.jpg"))));
        Assert.Equal(HttpStatusCode.OK, converted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/jobs/nothing")).StatusCode);

        var response = await server.Client.GetAsync("/metrics");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        var metrics = await response.Content.ReadAsStringAsync();

        Assert.Equal(1, MetricSample(metrics, """http_requests_received_total{code="200",method="POST",controller="",action="",endpoint="/api/convert"}"""));
        // A problem answered by the exception handler loses its route on the way: counted by status and method.
        Assert.Equal(1, MetricSample(metrics, """http_requests_received_total{code="404",method="GET",controller="",action="",endpoint=""}"""));
        Assert.Equal(1, MetricSample(metrics, """animegan_stage_seconds_count{style="hayao",stage="stylize"}"""));
        Assert.Equal(0, MetricSample(metrics, """animegan_queue_items{status="waiting"}"""));
        Assert.Equal(0, MetricSample(metrics, """animegan_jobs{state="running"}"""));
        Assert.Equal(0, MetricSample(metrics, "animegan_faces_painted_total"));
        Assert.InRange(MetricSample(metrics, """animegan_model_load_seconds{model="animeganv2_hayao.onnx"}"""), 0.001, 60);
        Assert.InRange(MetricSample(metrics, "process_working_set_bytes"), 50e6, 8e9);
        Assert.True(MetricSample(metrics, "process_cpu_seconds_total") > 0);
    }

    [Fact]
    public async Task MetricsCanBeTurnedOff()
    {
        await using var server = await RunningServer.StartAsync(options => options.Metrics = false);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task ReadinessNamesWhatItChecked()
    {
        await using var server = await RunningServer.StartAsync();
        var ready = await ReadJson(await server.Client.GetAsync("/readyz"));
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("loaded (hayao, fp32)", ready.GetProperty("checks").GetProperty("models").GetString());
        Assert.Equal("in-process", ready.GetProperty("checks").GetProperty("backend").GetString());
    }
}
