using System.CommandLine;
using System.CommandLine.Parsing;
using AnimeGan.Looks;
using AnimeGan.Pipeline;

namespace AnimeGan.Cli.Commands;

/// <summary>
/// The look after the generator (strength, colour, sharpening, glow, flip TTA) and the presets that
/// bundle a style with a look. Options given on the command line override the preset's values.
/// </summary>
internal sealed class LookOptions : ISettingsOptions
{
    public static readonly Option<string?> PresetFile = new("--preset-file")
    {
        Description = "A JSON file of your own presets, added to the built-in ones (see docs/LOOK.md)",
        HelpName = "FILE",
    };

    private readonly Option<string?> _preset = new("--preset")
    {
        Description = "A named style and look (see `animegan presets`); the options below override its values",
        HelpName = "NAME",
    };

    private readonly Option<double> _strength = new("--strength")
    {
        Description = "How much of the stylization shows: 0 = the photo, 1 = fully stylized (default 1)",
        HelpName = "0..1",
        Validators = { result => CommonOptions.RequireRange(result, 0.0, 1.0) },
    };

    private readonly Option<double> _sharpen = new("--sharpen")
    {
        Description = "Unsharp-mask amount on luma (0 = off; 0.5–1.5 is usual)",
        HelpName = "AMOUNT",
        Validators = { result => CommonOptions.RequireRange(result, 0.0, LookSettings.MaxSharpen) },
    };

    private readonly Option<double> _sharpenRadius = new("--sharpen-radius")
    {
        Description = $"Unsharp-mask radius (Gaussian sigma) in working-image pixels (default {LookSettings.DefaultSharpenRadius})",
        HelpName = "R",
        Validators = { result => CommonOptions.RequireRange(result, LookSettings.MinSharpenRadius, LookSettings.MaxSharpenRadius) },
    };

    private readonly Option<string?> _colorRef = new("--color-ref")
    {
        Description = "Match the result's colours to this picture (histogram matching in L*a*b*)",
        HelpName = "IMAGE",
    };

    private readonly Option<string?> _lut = new("--lut")
    {
        Description = "Apply a 3-D LUT from an Adobe/Resolve .cube file",
        HelpName = "FILE.cube",
    };

    private readonly Option<LookGrade> _grade = new("--grade")
    {
        Description = "Colour grade: shinkai (cool shadows, cyan-leaning skies, S-curve contrast) or none",
        HelpName = "shinkai|none",
        CustomParser = ParseGrade,
    };

    private readonly Option<double> _glow = new("--glow")
    {
        Description = "Glow of highlights (0 = off, up to 1)",
        HelpName = "AMOUNT",
        Validators = { result => CommonOptions.RequireRange(result, 0.0, LookSettings.MaxGlow) },
    };

    private readonly Option<bool> _tta = new("--tta")
    {
        Description = "Flip TTA: also stylize the mirrored photo and average (twice the model time)",
    };

    public IEnumerable<Option> Options => [_preset, PresetFile, _strength, _sharpen, _sharpenRadius, _colorRef, _lut, _grade, _glow, _tta];

    /// <summary>The preset named by --preset, or null.</summary>
    public LookPreset? Preset(ParseResult parsed) =>
        parsed.GetValue(_preset) is { } name ? PresetCatalog.Load(parsed.GetValue(PresetFile)).Require(name) : null;

    public ConversionSettings Apply(ParseResult parsed, ConversionSettings settings)
    {
        var look = Preset(parsed)?.Look ?? settings.Look;
        look = look with
        {
            Strength = Given(parsed, _strength, look.Strength),
            Sharpen = Given(parsed, _sharpen, look.Sharpen),
            SharpenRadius = Given(parsed, _sharpenRadius, look.SharpenRadius),
            ColorRef = Given(parsed, _colorRef, look.ColorRef),
            Lut = Given(parsed, _lut, look.Lut),
            Grade = Given(parsed, _grade, look.Grade),
            Glow = Given(parsed, _glow, look.Glow),
            Tta = Given(parsed, _tta, look.Tta),
        };
        look.Validate(); // reads the LUT and the colour reference now, before any model is loaded
        return settings with { Look = look };
    }

    /// <summary>The option's value when the command line gives it, else the value so far (preset or default).</summary>
    private static T Given<T>(ParseResult parsed, Option<T> option, T fallback) =>
        parsed.GetResult(option) is { Implicit: false } ? parsed.GetValue(option)! : fallback;

    private static LookGrade ParseGrade(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (Enum.TryParse<LookGrade>(text, ignoreCase: true, out var grade) && Enum.IsDefined(grade) && !int.TryParse(text, out _))
            return grade;
        result.AddError($"--grade must be one of {string.Join(", ", Enum.GetNames<LookGrade>().Select(n => n.ToLowerInvariant()))}, not '{text}'");
        return LookGrade.None;
    }
}
