using System.Diagnostics;
using System.Text.Json;
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

    [Fact]
    public async Task WithJsonLogsEachRequestAndEachJobIsOneJsonLineWithItsFieldsApart()
    {
        using var serve = CliRunner.Start(Folder, null, "serve", "--models", TestData.Models, "--urls", "http://127.0.0.1:0", "--log-format", "json");
        try
        {
            var lines = new List<JsonElement>();
            async Task<JsonElement> Next(Func<JsonElement, bool> wanted)
            {
                while (await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) is { } line)
                {
                    var entry = JsonDocument.Parse(line).RootElement; // every line is JSON, or this throws
                    lines.Add(entry);
                    if (wanted(entry)) return entry;
                }
                throw new InvalidOperationException("the server stopped");
            }
            static string? Field(JsonElement entry, string name) =>
                entry.TryGetProperty("State", out var state) && state.TryGetProperty(name, out var value) ? value.ToString() : null;

            var address = Field(await Next(e => Field(e, "address") is not null), "address");
            using var client = new HttpClient { BaseAddress = new Uri(address!) };
            using var form = new MultipartFormDataContent { { new StringContent("256"), "size" }, { new StringContent("false"), "faces" } };
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(TestData.Image("scene_2.jpg"))), "image", "scene.jpg");
            var submitted = await client.PostAsync("/api/jobs", form);
            var id = Path.GetFileName(submitted.Headers.Location!.ToString());

            var request = await Next(e => Field(e, "Path") == "/api/jobs");
            Assert.Equal(("POST", "202"), (Field(request, "Method"), Field(request, "Status")));
            Assert.Equal("AnimeGan.Server.Requests", request.GetProperty("Category").GetString());
            var job = await Next(e => Field(e, "Job") == id);
            Assert.Equal(("done", "hayao", "1", "0"), (Field(job, "State"), Field(job, "Style"), Field(job, "Done"), Field(job, "Failed")));
            Assert.Matches(@"^\d+x\d+$", Field(job, "Sizes"));
            Assert.Contains("stylize", Field(job, "Stages"));
        }
        finally
        {
            Process.Start("kill", ["-INT", serve.Id.ToString()])!.WaitForExit();
            await serve.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"results kept \S+ in (/\S+)$")]
    private static partial Regex KeptIn();
}
