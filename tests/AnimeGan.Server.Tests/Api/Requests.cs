using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AnimeGan.Imaging;

namespace AnimeGan.Server.Tests.Api;

/// <summary>Building requests and reading answers the way any client of the API would.</summary>
public static partial class Requests
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static byte[] Photo(string name = "face_1.jpg") => File.ReadAllBytes(TestData.Image(name));

    /// <summary>The first half of a real JPEG: the header reads fine, the pixels run out.</summary>
    public static byte[] TruncatedJpeg()
    {
        var whole = Photo("scene_3.jpg");
        return whole[..(whole.Length / 2)];
    }

    public static byte[] NotAnImage() => "just some notes, certainly not a photo\n"u8.ToArray();

    public static MultipartFormDataContent Form(IEnumerable<(string Name, string Value)> fields, params (string FileName, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        foreach (var (fileName, bytes) in files) form.WithFile("image", fileName, bytes);
        return form;
    }

    /// <summary>Adds a file upload in <paramref name="field"/>.</summary>
    public static MultipartFormDataContent WithFile(this MultipartFormDataContent form, string field, string fileName, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, field, fileName);
        return form;
    }

    /// <summary>
    /// The small working size the tests convert at, without face protection (a 512 px generator pass per face),
    /// so the suite stays fast; <see cref="FaceTests"/> covers faces.
    /// </summary>
    public static (string, string)[] Small(params (string, string)[] more) => [("size", "256"), ("faces", "false"), .. more];

    public static async Task<JsonElement> ReadJson(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Json);

    /// <summary>
    /// Checks an error answer: the status, an RFC 7807 body with a title and a detail, and nothing a
    /// client should never see (stack traces, server paths).
    /// </summary>
    public static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, RunningServer server)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.DoesNotContain(" at AnimeGan", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(TestData.RepoRoot, body);
        Assert.DoesNotContain(server.ScratchRoot, body);
        Assert.DoesNotContain(Path.GetTempPath(), body);
        return problem;
    }

    /// <summary>Polls GET /api/jobs/{id} until the job is finished.</summary>
    public static async Task<JsonElement> WaitForJob(HttpClient client, Uri location, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var job = await ReadJson(await client.GetAsync(location));
            if (job.GetProperty("state").GetString() is "done" or "failed" or "cancelled") return job;
            Assert.True(DateTime.UtcNow < deadline, $"job still {job.GetProperty("state")} at the deadline");
            await Task.Delay(100);
        }
    }

    public static async Task<Uri> SubmitJob(HttpClient client, MultipartFormDataContent form)
    {
        var response = await client.PostAsync("/api/jobs", form);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!;
    }

    /// <summary>How many jobs the server holds, from /healthz.</summary>
    public static async Task<int> JobCount(HttpClient client) =>
        (await ReadJson(await client.GetAsync("/healthz"))).GetProperty("jobs").GetInt32();

    /// <summary>The mean of each colour channel (R, G, B) of an encoded picture.</summary>
    public static double[] MeanColour(byte[] bytes)
    {
        using var image = new ImageCodec().Decode(bytes);
        var pixels = image.ReadColour(image.Width, image.Height);
        var sums = new double[3];
        for (var i = 0; i < pixels.Data.Length; i++) sums[i % 3] += pixels.Data[i];
        return sums.Select(sum => sum / (pixels.Width * pixels.Height)).ToArray();
    }

    /// <summary>Decodes bytes the way the product does: they must be a real picture.</summary>
    public static (int Width, int Height, string Format) Decode(byte[] bytes)
    {
        using var image = new ImageCodec().Decode(bytes);
        image.ReadColour(image.Width, image.Height);
        return (image.Width, image.Height, image.SourceFormat);
    }

    /// <summary>The pixels of an encoded picture.</summary>
    public static PixelBuffer Pixels(byte[] bytes)
    {
        using var image = new ImageCodec().Decode(bytes);
        return image.ReadColour(image.Width, image.Height);
    }

    /// <summary>The mean absolute difference of two pictures of the same size, in levels.</summary>
    public static double MeanAbsoluteDifference(PixelBuffer a, PixelBuffer b) =>
        a.Data.Zip(b.Data, (x, y) => Math.Abs(x - y)).Average();

    /// <summary>
    /// The value of one sample line of Prometheus' text format (/metrics); <paramref name="absent"/> for a
    /// labelled series not counted yet (it appears at its first count), else its absence fails the test.
    /// </summary>
    public static double MetricSample(string metrics, string series, double? absent = null)
    {
        var lines = metrics.Split('\n');
        var line = lines.SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        if (line is null && absent is { } value) return value;
        if (line is null)
            throw new Xunit.Sdk.XunitException($"no sample {series}; its family has:\n{string.Join('\n', lines.Where(l => l.StartsWith(SeriesName().Match(series).Value, StringComparison.Ordinal)))}");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z_]+")]
    private static partial System.Text.RegularExpressions.Regex SeriesName();
}
