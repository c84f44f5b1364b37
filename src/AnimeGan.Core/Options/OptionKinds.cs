using System.Globalization;
using System.Numerics;
using AnimeGan.Imaging;
using AnimeGan.Looks;
using AnimeGan.Pipeline;

namespace AnimeGan.Options;

/// <summary>A number option, whatever its type: its range in words ("64 to 8192").</summary>
public interface INumberOption
{
    string RangeText { get; }
}

/// <summary>A choice option, whatever its type: its values in words ("auto, jpeg, png, webp").</summary>
public interface IChoiceOption
{
    string ChoicesText { get; }
}

/// <summary>A file option, whatever it reads: the command line names the file by path.</summary>
public interface IFileOption
{
    ConversionSettings Load(ConversionSettings settings, string path);
}

/// <summary>A number in a range: whole numbers (sizes, qualities) for integer types, decimals otherwise; drawn as a slider.</summary>
public sealed class NumberOption<T>(
    string name, string label, string group, string stage, T min, T max,
    Func<ConversionSettings, T> get, Func<ConversionSettings, T, ConversionSettings> set)
    : ConversionOption(name, label, group, stage), INumberOption where T : struct, INumber<T>, IMinMaxValue<T>
{
    public T Min { get; } = min;
    public T Max { get; } = max;

    /// <summary>The page's slider step; null for 1 (integers) or 0.01 (decimals).</summary>
    public double? Step { get; init; }

    public string? Unit { get; init; }

    private static bool IsInteger => T.IsInteger(T.One / (T.One + T.One));

    public override string Type => IsInteger ? "integer" : "number";

    public string RangeText => string.Create(CultureInfo.InvariantCulture, $"{Min} to {Max}");

    /// <summary>The same option over a narrower range: a server's own limit on the working size.</summary>
    public NumberOption<T> Within(T min, T max) => new(Name, Label, Group, Stage, T.Max(min, Min), T.Min(max, Max), get, set)
    {
        Step = Step, Unit = Unit, Help = Help, CliAliases = CliAliases,
    };

    public override ConversionSettings Parse(ConversionSettings settings, string text)
    {
        var style = IsInteger ? NumberStyles.Integer : NumberStyles.Float;
        if (!T.TryParse(text.Trim(), style, CultureInfo.InvariantCulture, out var value) || !IsAllowed(value))
            throw Refuse(text, IsInteger ? $"a whole number from {RangeText}" : $"a number from {RangeText}");
        return set(settings, value);
    }

    public override void Validate(ConversionSettings settings)
    {
        var value = get(settings);
        if (!IsAllowed(value))
            throw new OptionValueException(Name, string.Create(CultureInfo.InvariantCulture, $"{Name} must be {RangeText}, not {value}"));
    }

    /// <summary>In range; NaN is in no range.</summary>
    private bool IsAllowed(T value) => value >= Min && value <= Max;

    public override object ValueIn(ConversionSettings settings) => get(settings);

    public override OptionDescription Describe(ConversionSettings defaults) => base.Describe(defaults) with
    {
        Min = double.CreateChecked(Min), Max = double.CreateChecked(Max), Step = Step ?? (IsInteger ? 1 : 0.01), Unit = Unit,
    };
}

/// <summary>On or off; drawn as a switch. On the command line "--name" turns it on and, when it is on by default, "--no-name" off.</summary>
public sealed class BooleanOption(
    string name, string label, string group, string stage,
    Func<ConversionSettings, bool> get, Func<ConversionSettings, bool, ConversionSettings> set)
    : ConversionOption(name, label, group, stage)
{
    public override string Type => "boolean";

    public ConversionSettings Set(ConversionSettings settings, bool value) => set(settings, value);

    public override ConversionSettings Parse(ConversionSettings settings, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "on" or "yes" => set(settings, true),
        "false" or "0" or "off" or "no" => set(settings, false),
        _ => throw Refuse(text, "true or false"),
    };

    public override void Validate(ConversionSettings settings)
    {
    }

    public override object ValueIn(ConversionSettings settings) => get(settings);
}

/// <summary>One of a few named values; drawn as a row of buttons. Values are matched without regard to case; aliases ("jpg") are accepted too.</summary>
public sealed class ChoiceOption<T>(
    string name, string label, string group, string stage, IReadOnlyList<Choice<T>> choices,
    Func<ConversionSettings, T> get, Func<ConversionSettings, T, ConversionSettings> set)
    : ConversionOption(name, label, group, stage), IChoiceOption
{
    public IReadOnlyList<Choice<T>> Choices { get; } = choices;

    public override string Type => "choice";

    public string ChoicesText => string.Join(", ", Choices.Select(c => c.Value));

    /// <summary>The same option offering <paramref name="choices"/>: what a server has loaded, for instance.</summary>
    public ChoiceOption<T> With(IReadOnlyList<Choice<T>> choices) => new(Name, Label, Group, Stage, choices, get, set)
    {
        Help = Help, CliAliases = CliAliases,
    };

    public override ConversionSettings Parse(ConversionSettings settings, string text)
    {
        var wanted = text.Trim();
        var choice = Choices.FirstOrDefault(c => c.Matches(wanted)) ?? throw Refuse(text, "one of " + ChoicesText);
        return set(settings, choice.Setting);
    }

    public override void Validate(ConversionSettings settings)
    {
        var value = get(settings);
        if (!Choices.Any(c => EqualityComparer<T>.Default.Equals(c.Setting, value)))
            throw new OptionValueException(Name, $"{Name} must be one of {ChoicesText}, not '{value}'");
    }

    public override object ValueIn(ConversionSettings settings)
    {
        var value = get(settings);
        return Choices.FirstOrDefault(c => EqualityComparer<T>.Default.Equals(c.Setting, value))?.Value ?? value?.ToString() ?? "";
    }

    public override OptionDescription Describe(ConversionSettings defaults) => base.Describe(defaults) with
    {
        Choices = Choices.Select(c => new OptionChoice(c.Value, c.Label)).ToList(),
    };
}

/// <summary>One value of a <see cref="ChoiceOption{T}"/>: how it is written, shown, and what it sets.</summary>
public sealed record Choice<T>(string Value, string Label, T Setting, params string[] Aliases)
{
    public bool Matches(string text) =>
        string.Equals(Value, text, StringComparison.OrdinalIgnoreCase) || Aliases.Any(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A file the look reads (a LUT, a colour reference), read once into a <see cref="LookFile{T}"/> of
/// <typeparamref name="T"/> and carried by the settings. The command line names it by path; a client of the API uploads it (as
/// text the field can only be empty, to drop a preset's file, so a client never names a server file).
/// </summary>
public sealed class FileOption<T>(
    string name, string label, string group, string stage, string accept, long maxBytes,
    Func<string, ReadOnlyMemory<byte>, LookFile<T>> read,
    Func<ConversionSettings, LookFile<T>?> get, Func<ConversionSettings, LookFile<T>?, ConversionSettings> set)
    : ConversionOption(name, label, group, stage), IFileOption where T : class
{
    /// <summary>What a picker offers, as in an HTML accept attribute (".cube", "image/*").</summary>
    public string Accept { get; } = accept;

    public long MaxBytes { get; } = maxBytes;

    public override string Type => "file";

    /// <summary>
    /// The same option taking files up to <paramref name="maxBytes"/> at most (a server's request limit),
    /// read by <paramref name="reader"/> when it is given (a server's own image limits).
    /// </summary>
    public FileOption<T> Within(long maxBytes, Func<string, ReadOnlyMemory<byte>, LookFile<T>>? reader = null) =>
        new(Name, Label, Group, Stage, Accept, Math.Min(maxBytes, MaxBytes), reader ?? read, get, set)
    {
        Help = Help, CliAliases = CliAliases,
    };

    /// <summary>As text the field can only be empty, which drops a preset's file.</summary>
    public override ConversionSettings Parse(ConversionSettings settings, string text) =>
        string.IsNullOrWhiteSpace(text)
            ? set(settings, null)
            : throw new OptionValueException(Name, $"{Name} must be uploaded as a file (curl -F {Name}=@file); as text it can only be empty, to drop a preset's file");

    /// <summary>
    /// Reads <paramref name="bytes"/> (named <paramref name="fileName"/>, for messages) into the setting.
    /// Throws <see cref="FileTooLargeException"/> over the limit, an <see cref="OptionValueException"/>
    /// for an empty file, and the reader's own exception for content it cannot use.
    /// </summary>
    public ConversionSettings Read(ConversionSettings settings, string fileName, ReadOnlyMemory<byte> bytes) => set(settings, Read(fileName, bytes));

    private LookFile<T> Read(string fileName, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty) throw new OptionValueException(Name, $"{Name}: {fileName} is empty (0 bytes)");
        if (bytes.Length > MaxBytes) throw new FileTooLargeException(Name, $"{Name}: {fileName} is {Megabytes(bytes.Length)}; this option takes up to {Megabytes(MaxBytes)}");
        return read(fileName, bytes);
    }

    /// <summary>Reads the file at <paramref name="path"/> into the setting (the command line).</summary>
    public ConversionSettings Load(ConversionSettings settings, string path) => set(settings, Load(path));

    /// <summary>
    /// Reads the file at <paramref name="path"/> (the command line, a preset file), with the same checks
    /// as an upload; a file it cannot use is an <see cref="OptionValueException"/> that says why.
    /// </summary>
    public LookFile<T> Load(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists) throw new OptionValueException(Name, $"{Name}: file not found: {path}");
        if (file.Length > MaxBytes) throw new FileTooLargeException(Name, $"{Name}: {path} is {Megabytes(file.Length)}; this option takes up to {Megabytes(MaxBytes)}");
        try
        {
            return Read(file.Name, File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is LutFormatException or ImageRejectedException)
        {
            // A LUT's own message names the file and its line; an image's does not name the file.
            throw new OptionValueException(Name, e is LutFormatException ? $"{Name}: {e.Message}" : $"{Name}: {file.Name}: {e.Message}");
        }
    }

    public override void Validate(ConversionSettings settings)
    {
    }

    /// <summary>The file's name, "" for none.</summary>
    public override object ValueIn(ConversionSettings settings) => get(settings)?.Name ?? "";

    public override OptionDescription Describe(ConversionSettings defaults) => base.Describe(defaults) with { Accept = Accept, MaxBytes = MaxBytes };

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MB");
}

/// <summary>A file over its option's size limit.</summary>
public sealed class FileTooLargeException(string option, string message) : ArgumentException(message)
{
    public string Option { get; } = option;
}
