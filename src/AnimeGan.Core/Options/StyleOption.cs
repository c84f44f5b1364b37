using System.Text.RegularExpressions;
using AnimeGan.Pipeline;

namespace AnimeGan.Options;

/// <summary>
/// The name of a registered style. Which styles exist is known only where the models are: a server
/// offers the ones it has loaded (<see cref="WithStyles"/>); elsewhere any well-formed name passes
/// here and an unknown one is refused when its model is looked up. Null means the default, which
/// <paramref name="defaultChoice"/> names when clients may ask for it by word ("same").
/// </summary>
public sealed partial class StyleOption(
    string name, string label, string group, string stage, Choice<string?>? defaultChoice,
    Func<ConversionSettings, string?> get, Func<ConversionSettings, string?, ConversionSettings> set)
    : ConversionOption(name, label, group, stage)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,39}$", RegexOptions.IgnoreCase)]
    public static partial Regex WellFormedName();

    /// <summary>The styles offered, by name and label; null when any registered style is.</summary>
    public IReadOnlyList<OptionChoice>? Styles { get; private init; }

    public override string Type => "choice";

    public StyleOption WithStyles(IEnumerable<OptionChoice> styles) => new(Name, Label, Group, Stage, defaultChoice, get, set)
    {
        Help = Help, CliAliases = CliAliases, Styles = styles.ToList(),
    };

    public override ConversionSettings Parse(ConversionSettings settings, string text)
    {
        var wanted = text.Trim();
        if (defaultChoice is not null && defaultChoice.Matches(wanted)) return set(settings, null);
        return set(settings, Check(wanted, text));
    }

    public override void Validate(ConversionSettings settings)
    {
        if (get(settings) is { } style) Check(style, style);
    }

    /// <summary>The offered spelling of <paramref name="wanted"/>, or a refusal naming what is offered.</summary>
    private string Check(string wanted, string text)
    {
        if (Styles is null)
            return WellFormedName().IsMatch(wanted) ? wanted : throw Refuse(text, "a style name (letters, digits, '-' and '_')");
        return Styles.FirstOrDefault(s => string.Equals(s.Value, wanted, StringComparison.OrdinalIgnoreCase))?.Value
               ?? throw Refuse(text, "one of " + string.Join(", ", ChoiceValues));
    }

    private IEnumerable<string> ChoiceValues => (defaultChoice is null ? [] : new[] { defaultChoice.Value }).Concat(Styles?.Select(s => s.Value) ?? []);

    public override object ValueIn(ConversionSettings settings) => get(settings) ?? defaultChoice?.Value ?? "";

    public override OptionDescription Describe(ConversionSettings defaults) => base.Describe(defaults) with
    {
        Choices = Styles is null ? null : (defaultChoice is null ? [] : new[] { new OptionChoice(defaultChoice.Value, defaultChoice.Label) }).Concat(Styles).ToList(),
    };
}
