using System.Text;
using AnimeGan.Pipeline;

namespace AnimeGan.Options;

/// <summary>A value an option refuses; the message names the option and says what it takes.</summary>
public sealed class OptionValueException(string option, string message) : ArgumentException(message)
{
    /// <summary>The option's name ("faceMinSize"), as the form field and JSON spell it.</summary>
    public string Option { get; } = option;
}

/// <summary>What a client needs to draw and check one option; GET /api/options serialises these.</summary>
public sealed record OptionDescription(
    string Name,
    string Label,
    string Group,
    string Stage,
    string Type,
    object Default,
    string Help,
    double? Min = null,
    double? Max = null,
    double? Step = null,
    string? Unit = null,
    IReadOnlyList<OptionChoice>? Choices = null,
    string? Accept = null,
    long? MaxBytes = null)
{
    /// <summary>A converted photo takes a new value of it without being painted again (<see cref="ConversionOption.Refinishes"/>).</summary>
    public bool Refinishes { get; init; }
}

public sealed record OptionChoice(string Value, string Label);

/// <summary>
/// One setting of a conversion, defined once: its name, what it takes, its default (the default
/// <see cref="ConversionSettings"/>), its help, and which stage reads it. The command line, the
/// server's form, GET /api/options (and so the page's panel) and the validation of settings are all
/// made from these (<see cref="ConversionOptions"/>).
/// </summary>
public abstract class ConversionOption(string name, string label, string group, string stage)
{
    /// <summary>The form field and JSON name, e.g. "faceMinSize".</summary>
    public string Name { get; } = name;

    /// <summary>The command-line spelling, e.g. "--face-min-size".</summary>
    public string CliName => "--" + Kebab(Name);

    /// <summary>Short command-line aliases ("-q").</summary>
    public IReadOnlyList<string> CliAliases { get; init; } = [];

    public string Label { get; } = label;

    /// <summary>The panel the page shows it in ("Output", "Look", "Faces").</summary>
    public string Group { get; } = group;

    /// <summary>The pipeline stage that reads it (<see cref="Stages"/>).</summary>
    public string Stage { get; } = stage;

    public string Help { get; init; } = "";

    /// <summary>
    /// Whether it is read after the painting, by a finishing stage or the encoder: a converted photo can
    /// take a new value without its generator run again (the server's new finish of a result). Clips'
    /// options are not: a clip is finished frame by frame as it is painted.
    /// </summary>
    public bool Refinishes => Group != ConversionOptions.Video
                              && Stages.All.Any(s => s.Name == Stage && (s.Finishes || s == Stages.Encode));

    /// <summary>The JSON type clients see: "integer", "number", "boolean", "choice", "file".</summary>
    public abstract string Type { get; }

    /// <summary>Sets the value written as <paramref name="text"/> (a form field, a command-line token); refuses it with an <see cref="OptionValueException"/>.</summary>
    public abstract ConversionSettings Parse(ConversionSettings settings, string text);

    /// <summary>Refuses, with an <see cref="OptionValueException"/>, a value of <paramref name="settings"/> this option does not allow.</summary>
    public abstract void Validate(ConversionSettings settings);

    /// <summary>The option's value in <paramref name="settings"/>, as clients see it (a number, true, "shinkai", a file's name).</summary>
    public abstract object ValueIn(ConversionSettings settings);

    /// <summary>How clients draw it, with the value of <paramref name="defaults"/> as its default.</summary>
    public virtual OptionDescription Describe(ConversionSettings defaults) =>
        new(Name, Label, Group, Stage, Type, ValueIn(defaults), Help) { Refinishes = Refinishes };

    protected OptionValueException Refuse(string text, string expected) =>
        new(Name, $"{Name} must be {expected}, not '{Clip(text)}'");

    /// <summary>Client text echoed in a message: one line, at most 40 characters.</summary>
    protected static string Clip(string text)
    {
        var line = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return line.Length <= 40 ? line : line[..40] + "…";
    }

    private static string Kebab(string name)
    {
        var kebab = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c)) kebab.Append('-').Append(char.ToLowerInvariant(c));
            else kebab.Append(c);
        }
        return kebab.ToString();
    }
}
