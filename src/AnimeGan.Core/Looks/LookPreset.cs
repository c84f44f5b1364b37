using System.Text.Json;
using System.Text.Json.Serialization;
using AnimeGan.Options;
using AnimeGan.Pipeline;

namespace AnimeGan.Looks;

/// <summary>A named bundle: a registered style (the generator) and the look applied after it.</summary>
public sealed record LookPreset
{
    public required string Name { get; init; }

    /// <summary>The registered style (see models.json and `animegan models`) whose generator runs.</summary>
    public required string Style { get; init; }

    public string Description { get; init; } = "";

    /// <summary>The name for people, written like the styles' titles: "shinkai-grade" → "Shinkai grade", "hayao" → "Hayao".</summary>
    [JsonIgnore]
    public string Title
    {
        get
        {
            var words = Name.Replace('-', ' ').Replace('_', ' ').Trim();
            return words.Length == 0 ? Name : char.ToUpperInvariant(words[0]) + words[1..];
        }
    }

    public LookSettings Look { get; init; } = LookSettings.None;

    /// <summary>Shipped with the product, as opposed to read from the user's preset file.</summary>
    [JsonIgnore]
    public bool BuiltIn { get; init; }
}

/// <summary>A preset name that no preset has; the message lists the known ones.</summary>
public sealed class UnknownPresetException(string message) : ArgumentException(message);

/// <summary>
/// The presets: built-ins (Looks/presets.json, embedded) and, optionally, the user's own file of the
/// same shape — <c>{ "presets": [ { "name", "style", "description", "look": { LookSettings } } ] }</c>.
/// A user preset with a built-in's name replaces it. Relative LUT and colour-reference paths in a user
/// file are relative to that file; the files are read when the catalog is loaded, once.
/// </summary>
public sealed class PresetCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private PresetCatalog(IReadOnlyList<LookPreset> presets) => Presets = presets;

    public IReadOnlyList<LookPreset> Presets { get; }

    public static PresetCatalog BuiltIn() => new(LoadBuiltIn());

    /// <summary>The built-ins plus the presets in <paramref name="userFile"/> (when given).</summary>
    public static PresetCatalog Load(string? userFile)
    {
        var presets = LoadBuiltIn();
        if (userFile is null) return new PresetCatalog(presets);
        foreach (var preset in ReadUserFile(userFile))
        {
            presets.RemoveAll(p => string.Equals(p.Name, preset.Name, StringComparison.OrdinalIgnoreCase));
            presets.Add(preset);
        }
        return new PresetCatalog(presets);
    }

    public LookPreset? Find(string name) =>
        Presets.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public LookPreset Require(string name) => Find(name)
        ?? throw new UnknownPresetException($"unknown preset '{name}'. Known: {string.Join(", ", Presets.Select(p => p.Name))}");

    private static List<LookPreset> LoadBuiltIn()
    {
        using var stream = typeof(PresetCatalog).Assembly.GetManifestResourceStream("AnimeGan.Looks.presets.json")
                           ?? throw new InvalidOperationException("the built-in presets are missing from the assembly");
        return JsonSerializer.Deserialize<PresetDocument>(stream, ReadingFilesBeside(AppContext.BaseDirectory))!.Presets!
            .Select(p => p with { BuiltIn = true }).ToList();
    }

    /// <summary>How preset files are read: look files are named relative to <paramref name="folder"/>, and read as they are met.</summary>
    private static JsonSerializerOptions ReadingFilesBeside(string folder) => new(Json)
    {
        Converters =
        {
            new LookFileJsonConverter<Lut3D>(path => ConversionOptions.Lut.Load(Path.GetFullPath(path, folder))),
            new LookFileJsonConverter<LabHistograms>(path => ConversionOptions.ColorRef.Load(Path.GetFullPath(path, folder))),
        },
    };

    private static List<LookPreset> ReadUserFile(string file)
    {
        if (!File.Exists(file)) throw new ArgumentException($"preset file not found: {file}");
        PresetDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<PresetDocument>(File.ReadAllText(file), ReadingFilesBeside(Path.GetDirectoryName(Path.GetFullPath(file))!));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not a valid preset file: {e.Message}", e);
        }
        if (document?.Presets is not { } presets) throw new InvalidDataException($"{file} is not a valid preset file: it has no \"presets\" list");
        return presets.Select(preset => Checked(preset, file)).ToList();
    }

    private static LookPreset Checked(LookPreset preset, string file)
    {
        if (string.IsNullOrWhiteSpace(preset.Name) || string.IsNullOrWhiteSpace(preset.Style))
            throw new InvalidDataException($"{file}: every preset needs a \"name\" and a \"style\"");
        try
        {
            ConversionOptions.Validate(new ConversionSettings { Look = preset.Look });
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{file}: preset '{preset.Name}': {e.Message}", e);
        }
        return preset;
    }

    private sealed record PresetDocument(List<LookPreset>? Presets);
}

/// <summary>A look file in a preset file: its path, read on the spot; a file that cannot be used makes the preset file invalid.</summary>
internal sealed class LookFileJsonConverter<T>(Func<string, LookFile<T>> load) : JsonConverter<LookFile<T>> where T : class
{
    public override LookFile<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var path = reader.GetString();
        if (string.IsNullOrWhiteSpace(path)) throw new JsonException("a look file must be a path");
        try
        {
            return load(path);
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, LookFile<T> value, JsonSerializerOptions options) => JsonSerializer.Serialize(writer, value); // the name, as everywhere
}
