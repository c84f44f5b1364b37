using System.CommandLine;
using System.Text.Json;
using AnimeGan.Cli.Commands;
using AnimeGan.Looks;
using AnimeGan.Options;
using AnimeGan.Pipeline;
using AnimeGan.Tests.Cli;

namespace AnimeGan.Tests.Looks;

public class LookCliTests : TemporaryFolder
{
    /// <summary>The look the command line gives on top of <paramref name="preset"/>'s (as `convert --preset` starts from it).</summary>
    private static LookSettings Parse(string? preset, params string[] arguments)
    {
        var options = new SettingsOptions(ConversionOptions.All);
        var command = new RootCommand();
        foreach (var option in options.Options) command.Options.Add(option);
        var parsed = command.Parse(arguments);
        Assert.Empty(parsed.Errors);
        var start = preset is null ? LookSettings.None : PresetCatalog.BuiltIn().Require(preset).Look;
        return options.Apply(parsed, new ConversionSettings { Look = start }).Look;
    }

    [Fact]
    public void OptionsGivenOnTheCommandLineOverrideThePreset()
    {
        Assert.Equal(0.7, Parse("hayao-soft").Strength);
        Assert.Equal(new LookSettings { Strength = 0.9, Glow = 0.2 }, Parse("hayao-soft", "--strength", "0.9", "--glow", "0.2"));

        var shinkai = Parse("shinkai-grade", "--grade", "none");
        Assert.Equal(LookGrade.None, shinkai.Grade);
        Assert.Equal(PresetCatalog.BuiltIn().Require("shinkai-grade").Look.Glow, shinkai.Glow);

        Assert.False(Parse("hayao-crisp", "--tta", "false").Tta);
        Assert.Equal(new LookSettings { Sharpen = 1.5, SharpenRadius = 2, Tta = true }, Parse(null, "--sharpen", "1.5", "--sharpen-radius", "2", "--tta"));
    }

    [Theory]
    [InlineData("--strength", "3", "--strength must be a number from 0 to 1, not '3'")]
    [InlineData("--strength", "lots", "'lots'")]
    [InlineData("--strength", "NaN", "--strength must be a number from 0 to 1, not 'NaN'")]
    [InlineData("--glow", "-1", "--glow must be a number from 0 to 1")]
    [InlineData("--sharpen-radius", "50", "--sharpen-radius must be")]
    [InlineData("--grade", "vivid", "--grade must be one of none, shinkai, not 'vivid'")]
    [InlineData("--preset", "shinkai", "unknown preset 'shinkai'")]
    public void BadValuesExitWithUsageErrors(string option, string value, string message)
    {
        var outcome = Convert(option, value);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.StdErr);
    }

    [Fact]
    public void AMissingOrBrokenLutExitsWithAUsageErrorBeforeAnyConversion()
    {
        var missing = Convert("--lut", Path.Combine(Folder, "none.cube"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--lut: file not found", missing.StdErr);

        var broken = Path.Combine(Folder, "broken.cube");
        File.WriteAllText(broken, "LUT_3D_SIZE 2\n0 0 0\n1 0\n");
        var outcome = Convert("--lut", broken);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("broken.cube line 3: expected three numbers", outcome.StdErr);
        Assert.False(File.Exists(Path.Combine(Folder, "out.png")));
    }

    [Fact]
    public void APresetConvertsAndNamesTheOutputAfterItself()
    {
        var photo = Path.Combine(Folder, "street.jpg");
        File.Copy(TestData.Image("scene_2.jpg"), photo);

        var outcome = CliRunner.Run(Folder, "convert", photo, "--preset", "hayao-soft", "--size", "256", "--models", TestData.Models, "--json", "--no-faces");

        Assert.True(outcome.ExitCode == 0, outcome.StdErr);
        var record = JsonDocument.Parse(outcome.StdOut).RootElement;
        Assert.Equal(Path.Combine(Folder, "street_hayao-soft.jpg"), record.GetProperty("output").GetString());
        Assert.True(record.GetProperty("timingsMs").TryGetProperty("look", out _));
        Assert.True(File.Exists(Path.Combine(Folder, "street_hayao-soft.jpg")));
    }

    [Fact]
    public void PresetsAreListed()
    {
        var outcome = CliRunner.Run(Folder, "presets", "--json", "--models", TestData.Models);

        Assert.Equal(0, outcome.ExitCode);
        var presets = JsonDocument.Parse(outcome.StdOut).RootElement.GetProperty("presets").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal("shinkai", presets["shinkai-grade"].GetProperty("look").GetProperty("grade").GetString());
        Assert.Equal("hayao", presets["shinkai-grade"].GetProperty("style").GetString());
        Assert.True(presets["hayao-soft"].GetProperty("available").GetBoolean());
    }

    private CliResult Convert(params string[] options) =>
        CliRunner.InProcess(["convert", TestData.Image("scene_1.jpg"), "-o", Path.Combine(Folder, "out.png"), "--models", TestData.Models, .. options]);
}
