using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AnimeGan.Tests.Cli;

namespace AnimeGan.Tests.Reliability;

/// <summary>
/// A bounded soak on loopback: N clients for M seconds (ANIMEGAN_SOAK_CLIENTS, ANIMEGAN_SOAK_SECONDS;
/// 8 × 20 s by default, small enough for CI) sending photos and jobs to a real `animegan serve` with a
/// short queue. Only answers a client can act on, every accepted job finished, and the server's own
/// resident memory back near where it started. The figures go to TestResults/soak.json (docs/RELIABILITY.md).
/// </summary>
public class SoakTests : TemporaryFolder
{
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    [Fact]
    public async Task ManyClientsGetOnlyAnswersTheyCanActOnAndEveryAcceptedJobFinishes()
    {
        var (clients, seconds) = (Setting("ANIMEGAN_SOAK_CLIENTS", 8), Setting("ANIMEGAN_SOAK_SECONDS", 20));
        using var serve = CliRunner.Start(Folder, new Dictionary<string, string>
            {
                ["ANIMEGAN__QUEUECAPACITY"] = "4", ["ANIMEGAN__MAXIMAGESPERJOB"] = "4",
                ["ANIMEGAN__RESULTCACHEBYTES"] = "0", // every request sends the same photo: each must reach the model
            },
            "serve", "--models", TestData.Models, "--urls", "http://127.0.0.1:0");
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(await Listening(serve)), Timeout = TimeSpan.FromMinutes(2) };
            // The server logs every request and job: its output must be read, or a full pipe stalls it mid-soak.
            _ = serve.StandardOutput.ReadToEndAsync();
            _ = serve.StandardError.ReadToEndAsync();
            await Soak(client, serve.Id, clients, seconds);
        }
        finally
        {
            Process.Start("kill", ["-INT", serve.Id.ToString()])!.WaitForExit();
            await serve.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task Soak(HttpClient server, int pid, int clients, int seconds)
    {
        var photo = await File.ReadAllBytesAsync(TestData.Image("face_10.jpg"));
        MultipartFormDataContent Form() => new()
        {
            { new StringContent("64"), "size" }, { new StringContent("false"), "faces" }, { new ByteArrayContent(photo), "image", "p.jpg" },
        };
        // Warm up (models, arenas), so the memory compared is the server's steady state.
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("/api/convert", Form())).StatusCode);
        var rssBefore = ResidentMegabytes(pid);
        var peak = rssBefore;
        var outcomes = new ConcurrentBag<(int Status, double Ms, bool RetryAfter)>();
        var accepted = new ConcurrentBag<Uri>();
        var until = DateTime.UtcNow.AddSeconds(seconds);

        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            for (var i = 0; DateTime.UtcNow < until; i++)
            {
                var asJob = (client + i) % 3 == 0;
                var started = Stopwatch.GetTimestamp();
                var response = await server.PostAsync(asJob ? "/api/jobs" : "/api/convert", Form());
                outcomes.Add(((int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.Headers.RetryAfter is not null));
                if (response.StatusCode == HttpStatusCode.Accepted) accepted.Add(response.Headers.Location!);
                // A client that is told to come back does not knock again at once.
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable) await Task.Delay(200);
                peak = Math.Max(peak, ResidentMegabytes(pid));
            }
        }));
        foreach (var job in accepted) Assert.Equal("done", await Finished(server, job));
        var rssAfter = ResidentMegabytes(pid);

        Assert.All(outcomes, o => Assert.True(o.Status is 200 or 202 || (o.Status == 503 && o.RetryAfter), $"answered {o.Status}"));
        Assert.Contains(outcomes, o => o.Status == 200);
        Assert.True(rssAfter < rssBefore + 150, $"the server's resident memory went from {rssBefore:F0} MB to {rssAfter:F0} MB");
        Record(clients, seconds, outcomes.ToList(), accepted.Count, rssBefore, peak, rssAfter);
    }

    private static async Task<string> Finished(HttpClient server, Uri job)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var state = (await server.GetFromJsonAsync<JsonElement>(job)).GetProperty("state").GetString()!;
            if (state is not ("queued" or "running") || DateTime.UtcNow > deadline) return state;
            await Task.Delay(100);
        }
    }

    private static async Task<string> Listening(Process serve)
    {
        while (await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) is { } line)
            if (line.IndexOf("Now listening on: ", StringComparison.Ordinal) is var at and >= 0) return line[(at + 18)..].Trim();
        throw new InvalidOperationException("the server stopped before it listened");
    }

    private static double ResidentMegabytes(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:")).Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).Single();

    private static void Record(int clients, int seconds, List<(int Status, double Ms, bool RetryAfter)> outcomes, int jobs, double before, double peak, double after)
    {
        var latencies = outcomes.Where(o => o.Status == 200).Select(o => o.Ms).Order().ToList();
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(p * latencies.Count))];
        var folder = Directory.CreateDirectory(Path.Combine(TestData.RepoRoot, "TestResults")).FullName;
        File.WriteAllText(Path.Combine(folder, "soak.json"), JsonSerializer.Serialize(new
        {
            clients, seconds, requests = outcomes.Count,
            statuses = outcomes.GroupBy(o => o.Status).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            jobsAccepted = jobs,
            convertMs = new { p50 = Math.Round(Percentile(0.5)), p95 = Math.Round(Percentile(0.95)) },
            rssMb = new { before = Math.Round(before), peak = Math.Round(peak), after = Math.Round(after) },
        }, new JsonSerializerOptions { WriteIndented = true }));
    }
}
