using System.Globalization;
using System.Numerics;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;

namespace AnimeGan.Server.Forms;

/// <summary>
/// One form field that sets part of <see cref="ConversionSettings"/>: how its text is parsed and
/// checked, where the value goes, and how the page should draw it (<see cref="Describe"/>).
/// </summary>
public abstract class FormOption(string name, string label, string group)
{
    /// <summary>The form field and JSON name, e.g. "keepSize".</summary>
    public string Name { get; } = name;

    public string Label { get; } = label;

    /// <summary>The page's panel that shows the control ("Output", "Faces", "Look").</summary>
    public string Group { get; } = group;

    public string Help { get; init; } = "";

    /// <summary>Parses <paramref name="text"/> and stores it; throws <see cref="BadOptionException"/> naming the field.</summary>
    public abstract ConversionSettings Apply(ConversionSettings settings, string text);

    public abstract OptionDescription Describe(ConversionSettings defaults);

    protected BadOptionException Bad(string text, string expected) =>
        new(Name, $"{Name} must be {expected}, not '{ClientText.Clip(text)}'");
}

/// <summary>What the page needs to draw one option; serialised as JSON by GET /api/options.</summary>
public sealed record OptionDescription(
    string Name,
    string Label,
    string Group,
    string Type,
    object Default,
    string Help,
    double? Min = null,
    double? Max = null,
    double? Step = null,
    string? Unit = null,
    IReadOnlyList<OptionChoice>? Choices = null);

public sealed record OptionChoice(string Value, string Label);

/// <summary>
/// A number in a range, drawn as a slider: whole numbers (sizes, qualities) for integer types, decimals
/// (strengths, thresholds) for floating-point ones.
/// </summary>
public sealed class RangeOption<T>(
    string name, string label, string group, T min, T max,
    Func<ConversionSettings, T> get, Func<ConversionSettings, T, ConversionSettings> set) : FormOption(name, label, group)
    where T : struct, INumber<T>
{
    private static readonly bool Whole = typeof(T).GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IBinaryInteger<>));

    public T Step { get; init; } = T.One;
    public string? Unit { get; init; }

    public override ConversionSettings Apply(ConversionSettings settings, string text) =>
        T.TryParse(text, Whole ? NumberStyles.Integer : NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && T.IsFinite(value) && value >= min && value <= max
            ? set(settings, value)
            : throw Bad(text, string.Create(CultureInfo.InvariantCulture, $"{(Whole ? "a whole number" : "a number")} from {min} to {max}"));

    public override OptionDescription Describe(ConversionSettings defaults) =>
        new(Name, Label, Group, Whole ? "integer" : "number", get(defaults), Help,
            double.CreateChecked(min), double.CreateChecked(max), double.CreateChecked(Step), Unit);
}

/// <summary>On or off; drawn as a toggle. Accepts true/false, 1/0, on/off (what an HTML checkbox sends).</summary>
public sealed class BooleanOption(
    string name, string label, string group,
    Func<ConversionSettings, bool> get, Func<ConversionSettings, bool, ConversionSettings> set) : FormOption(name, label, group)
{
    public override ConversionSettings Apply(ConversionSettings settings, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "on" or "yes" => set(settings, true),
        "false" or "0" or "off" or "no" => set(settings, false),
        _ => throw Bad(text, "true or false"),
    };

    public override OptionDescription Describe(ConversionSettings defaults) =>
        new(Name, Label, Group, "boolean", get(defaults), Help);
}

/// <summary>One of a few named values; drawn as a row of buttons.</summary>
public sealed class ChoiceOption<T>(
    string name, string label, string group, IReadOnlyList<(string Value, string Label, T Setting)> choices,
    Func<ConversionSettings, T> get, Func<ConversionSettings, T, ConversionSettings> set) : FormOption(name, label, group)
{
    public override ConversionSettings Apply(ConversionSettings settings, string text)
    {
        foreach (var choice in choices)
            if (string.Equals(choice.Value, text.Trim(), StringComparison.OrdinalIgnoreCase)) return set(settings, choice.Setting);
        throw Bad(text, "one of " + string.Join(", ", choices.Select(c => c.Value)));
    }

    public override OptionDescription Describe(ConversionSettings defaults)
    {
        var current = get(defaults);
        var selected = choices.First(c => EqualityComparer<T>.Default.Equals(c.Setting, current)).Value;
        return new(Name, Label, Group, "choice", selected, Help, Choices: choices.Select(c => new OptionChoice(c.Value, c.Label)).ToList());
    }
}
