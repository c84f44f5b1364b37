using System.Collections.Concurrent;
using System.Security.Cryptography;
using AnimeGan.Faces;
using AnimeGan.Inference;
using AnimeGan.Quantization;

namespace AnimeGan.Models;

/// <summary>
/// Finds model files by name and keeps one <see cref="ImageModel"/> per model file for the life of the
/// store: sessions are expensive to build (graph optimisation, weight packing) and safe to share.
/// The face models are kept the same way, as one <see cref="FaceModels"/>.
/// </summary>
public sealed class ModelStore : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ImageModel>> _models = new();
    private readonly ConcurrentDictionary<string, string> _verified = new();
    private readonly ConcurrentDictionary<string, string?> _quantizedSources = new();
    private readonly Lock _faceModelsLock = new();
    private FaceModels? _faceModels;

    public ModelStore(ModelDirectories directories, InferenceSettings? inference = null)
    {
        Directories = directories;
        Inference = inference ?? InferenceSettings.Default;
        Registry = ModelRegistry.Load(directories);
    }

    public ModelDirectories Directories { get; }
    public ModelRegistry Registry { get; }
    public InferenceSettings Inference { get; }

    public string DefaultStyle => Registry.Generators.First().Name;

    /// <summary>Where the file of a registered model is, or null when it is in no model directory.</summary>
    public string? Locate(ModelEntry entry) => Directories.Find(entry.File);

    public ModelEntry RequireEntry(string name, ModelKind kind)
    {
        var entry = Registry.Find(name);
        if (entry is not null && entry.Kind == kind) return entry;
        var known = string.Join(", ", Registry.Entries.Where(e => e.Kind == kind).Select(e => e.Name));
        var what = kind == ModelKind.Generator ? "style" : "model";
        throw new UnknownModelException(
            $"unknown {what} '{name}'. Known: {known}. Add your own with: animegan models add FILE --name {name}");
    }

    /// <summary>The verified path of a registered model's file; a clear error when it is missing or altered.</summary>
    public string RequireFile(ModelEntry entry)
    {
        var path = Locate(entry) ?? (entry.BuiltIn ? BuiltInModels.Extract(entry, Directories.CacheDirectory) : null) ?? throw new ModelNotFoundException(
            $"the model '{entry.Name}' needs the file {entry.File}, which is in none of the model directories:{Environment.NewLine}" +
            $"{Directories.Describe()}{Environment.NewLine}" +
            $"Install it with: animegan models add /path/to/{entry.File}" + (entry.UserAdded ? $" --name {entry.Name}" : ""));
        if (entry.Sha256 is null) return path;
        var actual = _verified.GetOrAdd(path, Sha256Of);
        if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new ModelNotFoundException(
                $"{path} is not the '{entry.Name}' model: its sha256 is {actual}, the registry expects {entry.Sha256}. " +
                "Replace the file, or add it under another name with: animegan models add FILE --name NAME");
        return path;
    }

    /// <summary>The registered image model (a style's generator, an upscaler) at the given precision, built on first use.</summary>
    public ImageModel GetImageModel(string name, ModelKind kind, ModelPrecision precision = ModelPrecision.Fp32)
    {
        var entry = RequireEntry(name, kind);
        return GetImageModelForFile(RequireFile(entry, precision), entry.Contract, entry.MsPerMegapixel);
    }

    /// <summary>
    /// Whether INT8 is run only where it pays (<see cref="ModelEntry.Int8Pays"/>), FP32 elsewhere: true
    /// for conversions; a benchmark turns it off to measure the INT8 model it was asked for.
    /// </summary>
    public bool Int8OnlyWhereItPays { get; init; } = true;

    /// <summary>The precision a model runs at when <paramref name="wanted"/> is asked for.</summary>
    public ModelPrecision PrecisionFor(ModelEntry entry, ModelPrecision wanted) =>
        wanted == ModelPrecision.Int8 && Int8OnlyWhereItPays && !entry.Int8Pays ? ModelPrecision.Fp32 : wanted;

    /// <summary>The verified file a model runs from at a precision, without loading it: what a server checks of every style at start-up.</summary>
    public string RequireFile(ModelEntry entry, ModelPrecision precision) =>
        PrecisionFor(entry, precision) == ModelPrecision.Int8 ? RequireQuantizedFile(entry) : RequireFile(entry);

    /// <summary>The generator registered as <paramref name="style"/>, built on first use.</summary>
    public ImageModel GetGenerator(string style, ModelPrecision precision = ModelPrecision.Fp32) =>
        GetImageModel(style, ModelKind.Generator, precision);

    /// <summary>Where the INT8 model of a generator is, or null when nobody quantized it.</summary>
    public string? LocateQuantized(ModelEntry entry) => Directories.Find(QuantizedModels.FileName(entry.File));

    /// <summary>The INT8 model of a generator; a clear error, naming the command that makes it, when it is missing or stale.</summary>
    public string RequireQuantizedFile(ModelEntry entry)
    {
        var command = QuantizedModels.QuantizeCommand(entry.Name);
        var path = LocateQuantized(entry) ?? throw new ModelNotFoundException(
            $"the style '{entry.Name}' has no INT8 model: {QuantizedModels.FileName(entry.File)} is in none of the model directories:{Environment.NewLine}" +
            $"{Directories.Describe()}{Environment.NewLine}" +
            $"Make it with: {command} (DIR: a folder of typical photos)");
        var expected = entry.Sha256 ?? (Locate(entry) is { } floatFile ? _verified.GetOrAdd(floatFile, Sha256Of) : null);
        var source = _quantizedSources.GetOrAdd(path, QuantizedModels.SourceSha256);
        if (expected is not null && !string.Equals(source, expected, StringComparison.OrdinalIgnoreCase))
            throw new ModelNotFoundException(
                $"{path} was not made from the current '{entry.Name}' model ({entry.File}); quantize it again with: {command}");
        return path;
    }

    /// <summary>The image models loaded so far (a server's metrics report their load times).</summary>
    public IEnumerable<ImageModel> LoadedImageModels =>
        _models.Values.Where(lazy => lazy.IsValueCreated).Select(lazy => lazy.Value);

    /// <summary>
    /// An image model straight from a file (the --model option, or a registered model's file), built
    /// on first use. One file is one model: the contract of its first use is the one it keeps.
    /// </summary>
    public ImageModel GetImageModelForFile(string path, ModelContract contract, double? expectedMsPerMegapixel = null)
    {
        var fullPath = Path.GetFullPath(path);
        var lazy = _models.GetOrAdd(fullPath, p => new Lazy<ImageModel>(() => new ImageModel(p, contract, Inference, expectedMsPerMegapixel)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Do not cache a failure: the user may fix the file and retry in the same server process.
            _models.TryRemove(new KeyValuePair<string, Lazy<ImageModel>>(fullPath, lazy));
            throw;
        }
    }

    /// <summary>The face detector and landmarker, built on first use; a missing model is not remembered, so it can be installed and retried.</summary>
    public FaceModels GetFaceModels()
    {
        lock (_faceModelsLock)
            return _faceModels ??= new FaceModels(
                RequireFile(RequireEntry(FaceModels.DetectorName, ModelKind.FaceDetector)),
                RequireFile(RequireEntry(FaceModels.LandmarkerName, ModelKind.FaceLandmarks)),
                Inference);
    }

    /// <summary>The sha256 of a model file, read once per file and remembered (the files were verified when first found).</summary>
    public string Sha256OfFile(string path) => _verified.GetOrAdd(path, Sha256Of);

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose()
    {
        foreach (var lazy in _models.Values)
            if (lazy.IsValueCreated) lazy.Value.Dispose();
        _models.Clear();
        lock (_faceModelsLock)
        {
            _faceModels?.Dispose();
            _faceModels = null;
        }
    }
}
