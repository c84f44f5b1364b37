using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AnimeGan.Server.Tests;

/// <summary>`animegan serve` as a person starts it: the real program in its own process.</summary>
public partial class ServeCommandTests
{
    [Fact]
    public async Task WithoutTheDefaultStylesModelServeStopsWithExitTwoNamingTheStyleAndTheFolders()
    {
        var empty = Directory.CreateTempSubdirectory("animegan-no-models-");
        try
        {
            using var serve = Start(["serve", "--models", empty.FullName], empty.FullName);
            var output = await serve.StandardOutput.ReadToEndAsync() + await serve.StandardError.ReadToEndAsync();
            await serve.WaitForExitAsync();

            Assert.Equal(2, serve.ExitCode);
            Assert.Contains("default style 'hayao'", output);
            Assert.Contains($"{empty.FullName} (--models)", output);
            Assert.Contains("(user cache)", output);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ServeAnswersUntilInterruptedThenRemovesItsScratchFolder()
    {
        var home = Directory.CreateTempSubdirectory("animegan-home-");
        try
        {
            using var serve = Start(["serve", "--models", TestData.Models, "--urls", "http://127.0.0.1:0"], home.FullName);
            string? address = null, scratch = null;
            while ((address is null || scratch is null) && await serve.StandardOutput.ReadLineAsync() is { } line)
            {
                address ??= ListeningOn().Match(line) is { Success: true } listening ? listening.Groups[1].Value : null;
                scratch ??= KeptIn().Match(line) is { Success: true } kept ? kept.Groups[1].Value : null;
            }
            Assert.NotNull(address);
            Assert.True(Directory.Exists(scratch), $"scratch folder {scratch} not found");

            using var client = new HttpClient();
            Assert.Contains("\"ok\"", await client.GetStringAsync($"{address}/healthz"));

            Process.Start("kill", ["-INT", serve.Id.ToString()])!.WaitForExit();
            await serve.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, serve.ExitCode);
            Assert.False(Directory.Exists(scratch));
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    /// <summary>The program as built beside these tests, with no models but the ones named and a private user cache.</summary>
    private static Process Start(string[] arguments, string home)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var program = Path.Combine(TestData.RepoRoot, "src", "AnimeGan.Cli", "bin", configuration, "net10.0", "animegan.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("ANIMEGAN_MODELS");
        start.Environment["XDG_CACHE_HOME"] = home;
        start.Environment["NO_COLOR"] = "1";
        return Process.Start(start)!;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"results kept \S+ in (/\S+)$")]
    private static partial Regex KeptIn();
}
