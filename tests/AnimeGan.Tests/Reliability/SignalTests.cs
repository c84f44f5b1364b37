using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AnimeGan.Tests.Cli;

namespace AnimeGan.Tests.Reliability;

/// <summary>Ctrl-C and SIGTERM in the middle of work, and a server killed outright: exit codes as documented, nothing partial, nobody's photo left behind.</summary>
public partial class SignalTests : TemporaryFolder
{
    private Dictionary<string, string> Environment(string temp) => new() { ["TMPDIR"] = temp };

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task ASignalDuringAConversionStopsItCleanly(string signal, int exitCode)
    {
        var temp = Directory.CreateDirectory(Path.Combine(Folder, "tmp")).FullName;
        using var convert = CliRunner.Start(Folder, Environment(temp), "convert", TestData.Image("scene_1.jpg"), TestData.Image("scene_2.jpg"),
            "-o", "out", "--size", "2048", "--no-faces", "--models", TestData.Models);
        var stderr = convert.StandardError.ReadToEndAsync();
        // Well inside the first photo's model run (some 20 s at 2048 px on 2 cores).
        await Task.Delay(TimeSpan.FromSeconds(4));

        Process.Start("kill", [$"-{signal}", convert.Id.ToString()])!.WaitForExit();
        await convert.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(exitCode, convert.ExitCode);
        Assert.Contains("cancelled", await stderr);
        Assert.DoesNotContain("   at ", await stderr);
        Assert.Empty(Directory.Exists(Path.Combine(Folder, "out")) ? Directory.GetFiles(Path.Combine(Folder, "out"), "*", SearchOption.AllDirectories) : []);
        Assert.Empty(ConvertCommandTests.LeftInTemp(temp));
    }

    [Fact]
    public async Task AServerStoppedWithWorkQueuedAnswersTheWaitingRequestsAndDeletesEveryUpload()
    {
        var temp = Directory.CreateDirectory(Path.Combine(Folder, "tmp")).FullName;
        var environment = Environment(temp);
        environment["ANIMEGAN__SHUTDOWNGRACE"] = "00:00:02";
        using var serve = CliRunner.Start(Folder, environment, "serve", "--models", TestData.Models, "--urls", "http://127.0.0.1:0");
        var address = await ListeningAddress(serve);
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(1) };
        MultipartFormDataContent Slow(string photo) => new()
        {
            { new StringContent("2048"), "size" }, { new StringContent("false"), "faces" },
            { new ByteArrayContent(File.ReadAllBytes(TestData.Image(photo))), "image", photo },
        };

        var running = client.PostAsync("/api/convert", Slow("scene_1.jpg"));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var waiting = client.PostAsync("/api/convert", Slow("scene_2.jpg"));
        var job = await client.PostAsync("/api/jobs", Slow("scene_3.jpg"));
        Assert.Equal(HttpStatusCode.Accepted, job.StatusCode);
        Assert.NotEmpty(Directory.GetFiles(temp, "*.upload", SearchOption.AllDirectories));

        var stopped = Stopwatch.StartNew();
        Process.Start("kill", ["-TERM", serve.Id.ToString()])!.WaitForExit();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await waiting).StatusCode);
        // The running photo had the 2-second grace period and then was stopped: its client is answered too.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await running).StatusCode);
        await serve.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, serve.ExitCode);
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {stopped.Elapsed}");
        Assert.Empty(ConvertCommandTests.LeftInTemp(temp));
    }

    [Fact]
    public async Task AServerKilledOutrightLeavesAFolderTheNextOneRemoves()
    {
        var temp = Directory.CreateDirectory(Path.Combine(Folder, "tmp")).FullName;
        int killed;
        using (var first = CliRunner.Start(Folder, Environment(temp), "serve", "--models", TestData.Models, "--urls", "http://127.0.0.1:0"))
        {
            killed = first.Id;
            var address = await ListeningAddress(first);
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var job = await client.PostAsync("/api/jobs", new MultipartFormDataContent
            {
                { new StringContent("2048"), "size" }, { new ByteArrayContent(File.ReadAllBytes(TestData.Image("scene_1.jpg"))), "image", "scene_1.jpg" },
            });
            Assert.Equal(HttpStatusCode.Accepted, job.StatusCode);
            first.Kill();
            await first.WaitForExitAsync();
        }
        var orphan = Assert.Single(Directory.GetDirectories(temp, "animegan-*"));

        using var second = CliRunner.Start(Folder, Environment(temp), "serve", "--models", TestData.Models, "--urls", "http://127.0.0.1:0");
        var lines = new List<string>();
        await ListeningAddress(second, lines);

        Assert.False(Directory.Exists(orphan));
        Assert.Contains(lines, line => line.Contains("removed the scratch folder") && line.Contains(orphan));
        Process.Start("kill", ["-INT", second.Id.ToString()])!.WaitForExit();
        await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        // The .NET runtime's own diagnostics socket and debugger pipes of the killed process stay: nothing
        // removes them when a process gets no chance to end. They hold nothing of anyone's.
        Assert.DoesNotContain(ConvertCommandTests.LeftInTemp(temp), name => !name.Contains($"-{killed}-"));
    }

    /// <summary>Reads the server's log until it says where it listens; the lines read are kept in <paramref name="lines"/>.</summary>
    private static async Task<string> ListeningAddress(Process serve, List<string>? lines = null)
    {
        while (await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) is { } line)
        {
            lines?.Add(line);
            if (ListeningOn().Match(line) is { Success: true } listening) return listening.Groups[1].Value;
        }
        throw new InvalidOperationException("the server stopped before it listened: " + await serve.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
