using System.Text.Json;
using System.Text.Json.Serialization;
using AnimeGan.Pipeline;

namespace AnimeGan.Cli.Batch;

public readonly record struct ImageSize(int Width, int Height)
{
    public static implicit operator ImageSize((int Width, int Height) size) => new(size.Width, size.Height);

    public override string ToString() => $"{Width}×{Height}";
}

/// <summary>What happened to one input; printed as one JSON line per image with --json.</summary>
public sealed record ConversionRecord
{
    public const string Converted = "converted", Skipped = "skipped", Failed = "failed";

    public required string Input { get; init; }
    public string? Output { get; init; }
    public required string Status { get; init; }
    public string? SourceFormat { get; init; }
    public string? Format { get; init; }
    public ImageSize? InputSize { get; init; }
    public ImageSize? WorkingSize { get; init; }
    public ImageSize? OutputSize { get; init; }
    public IReadOnlyDictionary<string, double>? TimingsMs { get; init; }
    public double TotalMs { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<FaceRecord>? Faces { get; init; }

    public static ConversionRecord FromResult(string input, string output, ConversionResult result, double totalMs) => new()
    {
        Input = input,
        Output = output,
        Status = Converted,
        SourceFormat = result.SourceFormat,
        Format = result.Format.ToString().ToLowerInvariant(),
        InputSize = result.InputSize,
        WorkingSize = result.WorkingSize,
        OutputSize = result.OutputSize,
        TimingsMs = result.Timings.ToDictionary(),
        TotalMs = Math.Round(totalMs, 1),
        Faces = result.Faces.Select(FaceRecord.From).ToList(),
    };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
