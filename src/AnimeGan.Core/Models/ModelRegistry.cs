using System.Text.Json;
using System.Text.Json.Serialization;
using AnimeGan.IO;

namespace AnimeGan.Models;

/// <summary>
/// Every model known by name: the registry shipped with the product (Models/models.json) plus the
/// models users added, which are recorded in a <see cref="UserRegistryFile"/> inside each model folder.
/// </summary>
public sealed class ModelRegistry
{
    public const string UserRegistryFile = "animegan-models.json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly List<ModelEntry> _entries;

    private ModelRegistry(List<ModelEntry> entries) => _entries = entries;

    public IReadOnlyList<ModelEntry> Entries => _entries;

    public IEnumerable<ModelEntry> Generators => _entries.Where(e => e.Kind == ModelKind.Generator);

    public ModelEntry? Find(string name) =>
        _entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    public ModelEntry? FindBySha256(string sha256) =>
        _entries.FirstOrDefault(e => string.Equals(e.Sha256, sha256, StringComparison.OrdinalIgnoreCase));

    public static ModelRegistry BuiltIn() => new(LoadBuiltIn());

    public static ModelRegistry Load(ModelDirectories directories)
    {
        var entries = LoadBuiltIn();
        foreach (var directory in directories.Searched)
        foreach (var entry in ReadUserEntries(directory.Path))
        {
            if (entries.Any(e => string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase))) continue;
            entries.Add(entry);
        }
        return new ModelRegistry(entries);
    }

    internal static List<ModelEntry> ReadUserEntries(string directory)
    {
        var file = Path.Combine(directory, UserRegistryFile);
        if (!File.Exists(file)) return [];
        try
        {
            var document = JsonSerializer.Deserialize<RegistryDocument>(File.ReadAllText(file), Json);
            return document?.Models.Select(e => e with { UserAdded = true }).ToList() ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not a valid model registry: {e.Message}", e);
        }
    }

    internal static void WriteUserEntries(string directory, IEnumerable<ModelEntry> entries)
    {
        AtomicFile.Write(Path.Combine(directory, UserRegistryFile), JsonSerializer.SerializeToUtf8Bytes(new RegistryDocument(entries.ToList()), Json));
    }

    private static List<ModelEntry> LoadBuiltIn()
    {
        using var stream = typeof(ModelRegistry).Assembly.GetManifestResourceStream("AnimeGan.Models.models.json")
                           ?? throw new InvalidOperationException("the built-in model registry is missing from the assembly");
        return JsonSerializer.Deserialize<RegistryDocument>(stream, Json)!.Models;
    }

    internal sealed record RegistryDocument(List<ModelEntry> Models);
}
