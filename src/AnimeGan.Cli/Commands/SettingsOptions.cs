using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AnimeGan.Options;
using AnimeGan.Pipeline;

namespace AnimeGan.Cli.Commands;

/// <summary>
/// The command-line face of <see cref="ConversionOptions"/>: one option per setting, named, checked and
/// described from its definition, so the CLI, the API and the core can never disagree on a name, a
/// range or a default. A setting on by default also gets a "--no-" switch.
/// </summary>
internal sealed class SettingsOptions
{
    private readonly List<(ConversionOption Setting, Option Option)> _options = [];
    private readonly Dictionary<BooleanOption, Option<bool>> _negations = [];

    /// <param name="defaults">What a command starts from when an option is not given (shown in the help); the settings' own defaults when null.</param>
    public SettingsOptions(IEnumerable<ConversionOption> settings, ConversionSettings? defaults = null)
    {
        defaults ??= new ConversionSettings();
        foreach (var setting in settings)
        {
            if (setting is BooleanOption boolean)
            {
                var on = new Option<bool>(setting.CliName, [.. setting.CliAliases]) { Description = $"{setting.Help} (default: off)" };
                _options.Add((setting, on));
                if ((bool)boolean.ValueIn(defaults))
                {
                    on.Description = $"{setting.Help} (default: on)";
                    var off = new Option<bool>("--no-" + setting.CliName[2..]) { Description = $"Turn off: {setting.Label.ToLowerInvariant()}" };
                    off.Validators.Add(result =>
                    {
                        if (result.GetValueOrDefault<bool>() && result.Parent?.GetResult(on) is { Implicit: false })
                            result.AddError($"use either {on.Name} or {off.Name}, not both");
                    });
                    _negations[boolean] = off;
                }
                continue;
            }
            var option = new Option<string?>(setting.CliName, [.. setting.CliAliases])
            {
                Description = Describe(setting, defaults),
                HelpName = HelpName(setting),
            };
            if (setting is not IFileOption)
                option.Validators.Add(result => Check(setting, result));
            _options.Add((setting, option));
        }
    }

    public IEnumerable<Option> Options => _options.Select(o => o.Option).Concat(_negations.Values);

    /// <summary>The command-line option of <paramref name="setting"/> (its "--name" one, for a switch).</summary>
    public Option OptionFor(ConversionOption setting) => _options.First(o => o.Setting == setting).Option;

    /// <summary>Whether the command line sets <paramref name="setting"/> (either way, for a switch).</summary>
    public bool IsGiven(ParseResult parsed, ConversionOption setting) =>
        _options.Any(o => o.Setting == setting && parsed.GetResult(o.Option) is { Implicit: false })
        || (setting is BooleanOption boolean && _negations.TryGetValue(boolean, out var off) && parsed.GetResult(off) is { Implicit: false });

    /// <summary>The settings the command line gives, on top of <paramref name="start"/> (the defaults, or a preset's); look files are read here.</summary>
    public ConversionSettings Apply(ParseResult parsed, ConversionSettings start)
    {
        var settings = start;
        foreach (var (setting, option) in _options)
        {
            if (parsed.GetResult(option) is not { Implicit: false }) continue;
            try
            {
                settings = option switch
                {
                    Option<bool> on => ((BooleanOption)setting).Set(settings, parsed.GetValue(on)),
                    Option<string?> text when setting is IFileOption file => file.Load(settings, parsed.GetValue(text)!),
                    Option<string?> text => setting.Parse(settings, parsed.GetValue(text)!),
                    _ => settings,
                };
            }
            catch (ArgumentException e) when (e is OptionValueException or FileTooLargeException)
            {
                throw new OptionValueException(setting.Name, InCliWords(setting, e.Message));
            }
        }
        foreach (var (setting, off) in _negations)
            if (parsed.GetValue(off)) settings = setting.Set(settings, false);
        return settings;
    }

    /// <summary>Refuses a value at parse time with the same words the API uses.</summary>
    private static void Check(ConversionOption setting, OptionResult result)
    {
        if (result.Tokens.Count == 0) return;
        try
        {
            setting.Parse(new ConversionSettings(), result.Tokens[^1].Value);
        }
        catch (OptionValueException e)
        {
            result.AddError(InCliWords(setting, e.Message));
        }
    }

    /// <summary>A message that names the option as the API does ("faceMinSize must …", "lut: …"), naming it as the command line does.</summary>
    private static string InCliWords(ConversionOption setting, string message) =>
        message.StartsWith(setting.Name + " ", StringComparison.Ordinal) || message.StartsWith(setting.Name + ":", StringComparison.Ordinal)
            ? setting.CliName + message[setting.Name.Length..]
            : message;

    private static string Describe(ConversionOption setting, ConversionSettings defaults) => setting switch
    {
        INumberOption number => string.Create(CultureInfo.InvariantCulture, $"{setting.Help} ({number.RangeText}; default {setting.ValueIn(defaults)})"),
        IChoiceOption choice => $"{setting.Help} ({choice.ChoicesText}; default {setting.ValueIn(defaults)})",
        _ => setting.Help,
    };

    private static string HelpName(ConversionOption setting) => setting switch
    {
        INumberOption number => number.RangeText.Replace(" to ", "..", StringComparison.Ordinal),
        IChoiceOption choice => choice.ChoicesText.Replace(", ", "|", StringComparison.Ordinal),
        IFileOption => "FILE",
        _ => "NAME",
    };
}
