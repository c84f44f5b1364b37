using System.Text.Json.Serialization;

namespace AnimeGan.Models;

/// <summary>What a model does; written in registries in kebab case ("face-detector").</summary>
public enum ModelKind
{
    Generator,
    /// <summary>Super-resolution: an image model whose contract has a scale above 1.</summary>
    Upscaler,
    FaceDetector,
    FaceLandmarks,
}

/// <summary>One model the product knows by name: which file it is, how to check it, where it came from.</summary>
public sealed record ModelEntry
{
    public required string Name { get; init; }
    public required ModelKind Kind { get; init; }
    public required string File { get; init; }
    public string? Sha256 { get; init; }

    /// <summary>How to drive it, for image-to-image kinds (generators, upscalers).</summary>
    public ModelContract Contract { get; init; } = ModelContract.Generator;

    /// <summary>The name people see ("Hayao v3"); the registry name when none is given.</summary>
    public string? Title { get; init; }

    [JsonIgnore]
    public string DisplayName => Title ?? Name;

    public string Description { get; init; } = "";

    /// <summary>For styles, how long a picture takes next to the others: "fast", "medium" or "slow".</summary>
    public string? Speed { get; init; }

    /// <summary>
    /// What a run costs here, in milliseconds per megapixel of input (2 cores, FP32, BENCHMARKS.md):
    /// progress and time estimates use it until the model has been timed on the machine it runs on.
    /// </summary>
    public double? MsPerMegapixel { get; init; }

    /// <summary>
    /// The INT8 model's time over the FP32 model's at the default working size (1024), measured here on
    /// AVX-512 VNNI (BENCHMARKS.md, "Five styles"); null when nobody measured it (a model added by its user).
    /// </summary>
    public double? Int8TimeRatio { get; init; }

    /// <summary>
    /// Whether INT8 is worth running: measured at least 20 % faster — an INT8 session holds two to three
    /// times the memory of the FP32 one, so a smaller gain does not pay for it — or not measured (the
    /// user who quantized their own model decides). Where it is not, --precision int8 runs FP32.
    /// </summary>
    [JsonIgnore]
    public bool Int8Pays => Int8TimeRatio is null or < 0.8;

    /// <summary>Shipped inside the product (small, MIT): found even in an empty model directory (<see cref="BuiltInModels"/>).</summary>
    public bool BuiltIn { get; init; }
    public string Licence { get; init; } = "";
    public string Source { get; init; } = "";

    /// <summary>True for models installed with `animegan models add` rather than shipped in the registry.</summary>
    [JsonIgnore]
    public bool UserAdded { get; init; }
}
