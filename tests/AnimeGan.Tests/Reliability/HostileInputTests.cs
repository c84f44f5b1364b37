using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AnimeGan.Imaging;
using AnimeGan.Server;
using AnimeGan.Server.Jobs;
using AnimeGan.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Tests.Reliability;

/// <summary>The hostile-input corpus through the command line and the HTTP API: a clear answer for every file, nothing left behind.</summary>
public class HostileInputTests(HostileCorpus corpus) : TemporaryFolder, IClassFixture<HostileCorpus>
{
    [Fact]
    public void TheCommandLineConvertsOrRefusesEachFileAsExpectedAndLeavesNothingBehind()
    {
        var (output, temp) = (Path.Combine(Folder, "out"), Directory.CreateDirectory(Path.Combine(Folder, "tmp")).FullName);

        // Each file named on the command line, as a user would: a folder's non-images would only be skipped with a warning.
        var result = CliRunner.Run(Folder, new Dictionary<string, string> { ["TMPDIR"] = temp },
            ["convert", .. corpus.Cases.Select(c => Path.Combine(corpus.Directory, c.Name)), "-o", output, "--size", "64", "--no-faces", "--json",
                "--models", TestData.Models]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("   at ", result.StdErr + result.StdOut);
        var records = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => Path.GetFileName(r.GetProperty("input").GetString()!));
        foreach (var item in corpus.Cases)
        {
            var record = Assert.Contains(item.Name, records);
            var status = record.GetProperty("status").GetString();
            if (item.Accepted && corpus.StatusesFor(item).Count == 1)
                Assert.True(status == "converted", $"{item.Name}: {record}");
            if (!item.Accepted)
            {
                Assert.True(status == "failed", $"{item.Name} should be refused: {record}");
                Assert.False(string.IsNullOrWhiteSpace(record.GetProperty("error").GetString()));
            }
            if (item.Upright is not null) AssertRedAtTopLeft(record.GetProperty("output").GetString()!, item.Name);
        }
        var written = Directory.GetFiles(output).Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.All(corpus.Cases.Where(c => !c.Accepted), c => Assert.DoesNotContain(Path.GetFileNameWithoutExtension(c.Name), written));
        Assert.Empty(Directory.GetFiles(output, "*.partial", SearchOption.AllDirectories));
        Assert.Empty(ConvertCommandTests.LeftInTemp(temp));
    }

    [Fact]
    public async Task TheApiAnswersEachFileWithItsStatusAndAProblemAPersonCanRead()
    {
        var app = ServerApp.Build(options =>
        {
            options.Urls = "http://127.0.0.1:0";
            options.Models = TestData.Models;
        }, logging => logging.ClearProviders());
        await app.StartAsync();
        var scratch = app.Services.GetRequiredService<ResultStore>().Root;
        try
        {
            await PostEachCase(app, scratch);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Assert.False(Directory.Exists(scratch), "the scratch folder outlived the server");
    }

    private async Task PostEachCase(Microsoft.AspNetCore.Builder.WebApplication app, string scratch)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromMinutes(1) };

        foreach (var item in corpus.Cases)
        {
            using var form = new MultipartFormDataContent { { new StringContent("64"), "size" }, { new StringContent("false"), "faces" } };
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(corpus.Directory, item.Name)));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "image", item.Name);

            var response = await client.PostAsync("/api/convert", form);

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(corpus.StatusesFor(item).Contains((int)response.StatusCode), $"{item.Name}: {(int)response.StatusCode} {body}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var problem = JsonDocument.Parse(body).RootElement;
                Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
                Assert.DoesNotContain("   at ", body);
                Assert.DoesNotContain(Path.GetTempPath(), body);
            }
        }
        Assert.Equal([".owner"], Directory.GetFiles(scratch, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }

    /// <summary>The picture came out upright: its red block (the top left as the photo is seen) is still at the top left.</summary>
    private static void AssertRedAtTopLeft(string path, string name)
    {
        using var decoded = new ImageCodec().Decode(path);
        var pixels = decoded.ReadColour(decoded.Width, decoded.Height);
        double Redness(int x0, int y0)
        {
            var (sum, count) = (0.0, 0);
            for (var y = y0; y < y0 + pixels.Height / 4; y++)
            for (var x = x0; x < x0 + pixels.Width / 4; x++)
            {
                var p = pixels.Row(y).Slice(x * 3, 3);
                sum += p[0] - (p[1] + p[2]) / 2.0;
                count++;
            }
            return sum / count;
        }
        Assert.True(decoded.Width > decoded.Height, $"{name} came out {decoded.Width}x{decoded.Height}, not landscape");
        var (topLeft, others) = (Redness(0, 0), new[] { Redness(pixels.Width * 3 / 4, 0), Redness(0, pixels.Height * 3 / 4), Redness(pixels.Width * 3 / 4, pixels.Height * 3 / 4) });
        Assert.True(others.All(o => topLeft > o + 30), $"{name}: red {topLeft:F0} at the top left, {string.Join(", ", others.Select(o => o.ToString("F0")))} at the other corners");
    }
}
