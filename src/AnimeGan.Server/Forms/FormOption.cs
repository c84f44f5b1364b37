using System.Globalization;
using System.Numerics;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using AnimeGan.Server.Jobs;
using Microsoft.AspNetCore.Http;

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
    IReadOnlyList<OptionChoice>? Choices = null,
    string? Accept = null,
    long? MaxBytes = null);

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

/// <summary>
/// A file the client uploads in this field (a LUT, a reference picture), drawn as a file picker. A
/// client never names a file on the server: as text the field can only be empty, which drops a
/// preset's file. An upload is checked and read in memory before the request is accepted
/// (<see cref="Check"/>); the setting then points at a private copy (<see cref="CheckedFile.Store"/>).
/// </summary>
public abstract class FileOption(string name, string label, string group, string accept, long maxBytes)
    : FormOption(name, label, group)
{
    /// <summary>What the page's picker offers, as in an HTML accept attribute (".cube", "image/*").</summary>
    public string Accept { get; } = accept;

    public long MaxBytes { get; } = maxBytes;

    public override ConversionSettings Apply(ConversionSettings settings, string text) =>
        string.IsNullOrWhiteSpace(text)
            ? Point(settings, null)
            : throw new BadOptionException(Name,
                $"{Name} must be uploaded as a file (curl -F {Name}=@file); as text it can only be empty, to drop a preset's file");

    /// <summary>Checks the size, then reads the upload; throws the problem to answer, naming this field.</summary>
    public CheckedFile Check(Upload upload)
    {
        if (upload.Bytes.Length == 0) throw new BadOptionException(Name, $"{Name}: {upload.Name} is empty (0 bytes)");
        if (upload.Bytes.Length > MaxBytes)
            throw new ApiProblemException(new(StatusCodes.Status413PayloadTooLarge, "File too large",
                $"{Name}: {upload.Name} is {Megabytes(upload.Bytes.Length)}; this field takes up to {Megabytes(MaxBytes)}"), Name);
        return new CheckedFile(this, upload, Read(upload));
    }

    /// <summary>Reads the upload, throwing the problem to answer; returns how to keep what was read once it is stored at a path.</summary>
    protected abstract Action<string> Read(Upload upload);

    /// <summary>The settings with this option's file set to <paramref name="path"/> (null: none).</summary>
    internal abstract ConversionSettings Point(ConversionSettings settings, string? path);

    protected abstract string? PathIn(ConversionSettings settings);

    /// <summary>The default is the file's name alone (a preset's file on the server), never its path; "" for none.</summary>
    public override OptionDescription Describe(ConversionSettings defaults) =>
        new(Name, Label, Group, "file", PathIn(defaults) is { } path ? Path.GetFileName(path) : "", Help, Accept: Accept, MaxBytes: MaxBytes);

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MB");
}

/// <summary>
/// A file option whose upload is read into a <typeparamref name="TAsset"/> (a parsed LUT, a colour
/// distribution) and kept, once stored, so the conversion does not read it again.
/// </summary>
public sealed class FileOption<TAsset>(
    string name, string label, string group, string accept, long maxBytes,
    Func<Upload, TAsset> read, Action<string, TAsset> keep,
    Func<ConversionSettings, string?> get, Func<ConversionSettings, string?, ConversionSettings> set)
    : FileOption(name, label, group, accept, maxBytes)
{
    protected override Action<string> Read(Upload upload)
    {
        var asset = read(upload);
        return path => keep(path, asset);
    }

    internal override ConversionSettings Point(ConversionSettings settings, string? path) => set(settings, path);

    protected override string? PathIn(ConversionSettings settings) => get(settings);
}

/// <summary>An upload its <see cref="FileOption"/> has checked and read, waiting for the private folder of its job.</summary>
public sealed class CheckedFile(FileOption option, Upload upload, Action<string> keep)
{
    public FileOption Option { get; } = option;

    public Upload Upload { get; } = upload;

    /// <summary>
    /// Writes the file into <paramref name="folder"/> under a new random name (never the client's, and
    /// never one a cached reading could be mistaken for), keeps what was read, and points the setting at it.
    /// </summary>
    public ConversionSettings Store(ConversionSettings settings, string folder)
    {
        var path = Path.Combine(folder, $"{Option.Name}-{ResultStore.NewId()}");
        ResultStore.WriteFile(path, Upload.Bytes);
        keep(path);
        return Option.Point(settings, path);
    }
}
