using System.Globalization;
using System.Text.RegularExpressions;
using AnimeGan.Options;
using AnimeGan.Pipeline;
using AnimeGan.Server;
using AnimeGan.Server.Api;
using AnimeGan.Server.Forms;
using AnimeGan.Tests.Cli;

namespace AnimeGan.Tests.Options;

/// <summary>Every option, walked on every surface: the CLI's help and parser, the API's description and form, and the core's validation agree.</summary>
public class OptionSchemaTests
{
    private static readonly ConversionSettings Defaults = new();

    // A server whose limits are the core's own, so only the schema decides the ranges.
    private static readonly ConversionForm Form = new(new ServerOptions { MaxWorkingSize = WorkingSize.MaxMaxSide },
        new FormChoices([new OptionChoice("hayao", "Hayao")], "hayao", null));

    private static readonly string PhotoHelp = Regex.Replace(CliRunner.InProcess("convert", "--help").StdOut, @"\s+", " ");
    private static readonly string VideoHelp = Regex.Replace(CliRunner.InProcess("video", "--help").StdOut, @"\s+", " ");

    /// <summary>The command that takes the option: `video` for the clip-only ones, `convert` for the rest.</summary>
    private static string CommandFor(ConversionOption option) => option.Group == ConversionOptions.Video ? "video" : "convert";

    public static TheoryData<string> Names => [.. ConversionOptions.All.Select(o => o.Name)];

    private static ConversionOption Option(string name) => ConversionOptions.All.Single(o => o.Name == name);

    [Theory]
    [MemberData(nameof(Names))]
    public void TheCliHelpTheApiAndTheCoreNameItAlikeWithOneDefault(string name)
    {
        var option = Option(name);
        var core = option.Describe(Defaults);
        var api = Assert.Single(Form.Describe(), d => d.Name == name);
        var help = CommandFor(option) == "video" ? VideoHelp : PhotoHelp;

        Assert.Contains(option.CliName + " ", help);
        Assert.Equal((core.Type, core.Min, core.Max, core.Group, core.Stage), (api.Type, api.Min, api.Max, api.Group, api.Stage));
        if (name != ConversionOptions.StyleName.Name) Assert.Equal(core.Default, api.Default); // the server's default style is its own
        if (option is INumberOption number)
            Assert.Contains($"{number.RangeText}; default {Format(core.Default)}", help);
        if (option is IChoiceOption choice)
            Assert.Contains($"{choice.ChoicesText}; default {core.Default}", help);
    }

    public static TheoryData<string> Numbers => [.. ConversionOptions.All.OfType<INumberOption>().Select(o => ((ConversionOption)o).Name)];

    [Theory]
    [MemberData(nameof(Numbers))]
    public void TheRangeEndsAreTakenAndOneStepBeyondIsRefusedEverywhere(string name)
    {
        var option = Option(name);
        var description = option.Describe(Defaults);
        var (min, max, step) = (description.Min!.Value, description.Max!.Value, description.Step!.Value);

        foreach (var inside in new[] { min, max })
        {
            var settings = option.Parse(Defaults, Format(inside));
            ConversionOptions.Validate(settings);
            Assert.Equal(inside, Convert.ToDouble(option.ValueIn(settings), CultureInfo.InvariantCulture), 5);
            Form.Bind([KeyValuePair.Create(name, new[] { Format(inside) })], []);
        }
        foreach (var outside in new[] { min - step, max + step })
        {
            Assert.Equal(name, Assert.Throws<OptionValueException>(() => option.Parse(Defaults, Format(outside))).Option);
            Assert.Equal(name, Assert.Throws<BadOptionException>(() => Form.Bind([KeyValuePair.Create(name, new[] { Format(outside) })], [])).Field);
            var cli = CliRunner.InProcess(CommandFor(option), TestData.Image("face_1.jpg"), "-o", Path.Combine(Path.GetTempPath(), "never-written.jpg"),
                option.CliName, Format(outside));
            Assert.Equal(2, cli.ExitCode);
            Assert.Contains($"{option.CliName} must be", cli.StdErr);
        }
    }

    private static string Format(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
