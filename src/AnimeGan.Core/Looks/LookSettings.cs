using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AnimeGan.Looks;

/// <summary>A colour grade applied after the generator; "none" and "shinkai" in JSON.</summary>
[JsonConverter(typeof(LookGradeJsonConverter))]
public enum LookGrade
{
    None,
    /// <summary>See <see cref="ShinkaiGrade"/>.</summary>
    Shinkai,
}

internal sealed class LookGradeJsonConverter() : JsonStringEnumConverter<LookGrade>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

/// <summary>
/// How the stylized picture is finished: plain values (and the files they read, already read) that a
/// command line, a form or a JSON preset can set. Their names, ranges and help are defined once, in
/// <see cref="Options.ConversionOptions"/>. <see cref="LookChain"/> turns them into operations, in one
/// order. The defaults change nothing.
/// </summary>
public sealed record LookSettings
{
    public static LookSettings None { get; } = new();

    /// <summary>0 = the photo, 1 = the stylized image (default).</summary>
    public double Strength { get; init; } = 1;

    /// <summary>Unsharp-mask amount; 0 = off, 1 adds the full detail once.</summary>
    public double Sharpen { get; init; }

    /// <summary>Unsharp-mask Gaussian sigma, in pixels of the working image.</summary>
    public double SharpenRadius { get; init; } = 1;

    /// <summary>A picture whose colour distribution the result takes on; null = off.</summary>
    public LookFile<LabHistograms>? ColorRef { get; init; }

    /// <summary>A 3-D LUT read from a .cube file; null = off.</summary>
    public LookFile<Lut3D>? Lut { get; init; }

    public LookGrade Grade { get; init; }

    /// <summary>Highlight glow amount, 0 (off) to 1.</summary>
    public double Glow { get; init; }

    /// <summary>Flip test-time augmentation in the stylize stage (twice the generator time).</summary>
    public bool Tta { get; init; }

    /// <summary>Whether any operation after the generator will run.</summary>
    [JsonIgnore]
    public bool ChangesPixels => Strength < 1 || Sharpen > 0 || ColorRef is not null || Lut is not null || Grade != LookGrade.None || Glow > 0;

    /// <summary>"strength 0.7, grade shinkai, glow 0.35"; "none" for the defaults.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Tta) parts.Add("flip TTA");
        if (Strength < 1) parts.Add($"strength {Format(Strength)}");
        if (ColorRef is not null) parts.Add($"colours of {ColorRef.Name}");
        if (Lut is not null) parts.Add($"LUT {Lut.Name}");
        if (Grade != LookGrade.None) parts.Add($"grade {Grade.ToString().ToLowerInvariant()}");
        if (Sharpen > 0) parts.Add($"sharpen {Format(Sharpen)} (radius {Format(SharpenRadius)})");
        if (Glow > 0) parts.Add($"glow {Format(Glow)}");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
