using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AnimeGan.Tests.Cli;

/// <summary>`animegan serve` as a person starts it. The API and the page have their own tests in AnimeGan.Server.Tests.</summary>
public partial class ServeCommandTests : TemporaryFolder
{
    [Fact]
    public void WithoutTheDefaultStylesModelServeStopsWithExitTwoNamingTheStyleAndTheFolders()
    {
        var empty = Directory.CreateDirectory(Path.Combine(Folder, "no-models")).FullName;

        var result = CliRunner.Run(Folder, "serve", "--models", empty);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("default style 'hayao'", result.StdErr);
        Assert.Contains($"{empty} (--models)", result.StdErr);
        Assert.Contains("(user cache)", result.StdErr);
    }

    [Fact]
    public void AnInt8ServerWithoutTheQuantizedModelStopsWithExitTwoNamingTheCommandThatMakesIt()
    {
        var result = CliRunner.Run(Folder, "serve", "--models", TestData.Models, "--precision", "int8");

        Assert.True(result.ExitCode == 2, result.ToString());
        var message = Regex.Replace(result.StdErr, @"\s+", " "); // the console wraps long lines
        Assert.Contains("has no INT8 model", message);
        Assert.Contains("animegan models quantize --style hayao", message);
    }

    [Fact]
    public void AMissingSamplesFolderIsASetUpError()
    {
        var result = CliRunner.Run(Folder, "serve", "--models", TestData.Models, "--samples", Path.Combine(Folder, "nowhere"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("samples folder does not exist", result.StdErr);
    }

    [Fact]
    public void APresetFileNamingAMissingLutIsASetUpError()
    {
        var presets = Path.Combine(Folder, "presets.json");
        File.WriteAllText(presets, """{ "presets": [ { "name": "dusk", "style": "hayao", "look": { "lut": "luts/dusk.cube" } } ] }""");

        var result = CliRunner.Run(Folder, "serve", "--models", TestData.Models, "--preset-file", presets);

        Assert.True(result.ExitCode == 2, result.ToString());
        var message = Regex.Replace(result.StdErr, @"\s+", " "); // the console wraps long lines
        Assert.Contains("lut: file not found", message);
        Assert.Contains(Path.Combine("luts", "dusk.cube"), message);
    }

    [Fact]
    public async Task ServeAnswersUntilInterruptedThenRemovesItsScratchFolderAndLeavesNothingInTheTempFolder()
    {
        var temp = Directory.CreateDirectory(Path.Combine(Folder, "tmp")).FullName;
        using var serve = CliRunner.Start(Folder, new Dictionary<string, string> { ["TMPDIR"] = temp },
            "serve", "--models", TestData.Models, "--urls", "http://127.0.0.1:0");
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
        Assert.StartsWith(temp, scratch);
        Assert.Empty(ConvertCommandTests.LeftInTemp(temp));
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"results kept \S+ in (/\S+)$")]
    private static partial Regex KeptIn();
}
