using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AnimeGan.Imaging;

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
/// How the stylized picture is finished: plain values that a command line, a form or a JSON preset can
/// set (names as in the CLI options). <see cref="LookChain"/> turns them into operations, in one order.
/// The defaults change nothing.
/// </summary>
public sealed record LookSettings
{
    public const double MaxSharpen = 5, MinSharpenRadius = 0.3, MaxSharpenRadius = 10, DefaultSharpenRadius = 1, MaxGlow = 1;

    public static LookSettings None { get; } = new();

    /// <summary>0 = the photo, 1 = the stylized image (default).</summary>
    public double Strength { get; init; } = 1;

    /// <summary>Unsharp-mask amount; 0 = off, 1 adds the full detail once.</summary>
    public double Sharpen { get; init; }

    /// <summary>Unsharp-mask Gaussian sigma, in pixels of the working image.</summary>
    public double SharpenRadius { get; init; } = DefaultSharpenRadius;

    /// <summary>A picture whose colour distribution the result takes on; null = off.</summary>
    public string? ColorRef { get; init; }

    /// <summary>A 3-D .cube LUT file; null = off.</summary>
    public string? Lut { get; init; }

    public LookGrade Grade { get; init; }

    /// <summary>Highlight glow amount, 0 (off) to 1.</summary>
    public double Glow { get; init; }

    /// <summary>Flip test-time augmentation in the stylize stage (twice the generator time).</summary>
    public bool Tta { get; init; }

    /// <summary>Whether any operation after the generator will run.</summary>
    [JsonIgnore]
    public bool ChangesPixels => Strength < 1 || Sharpen > 0 || ColorRef is not null || Lut is not null || Grade != LookGrade.None || Glow > 0;

    /// <summary>Checks the numbers; throws <see cref="ArgumentException"/> naming the first bad one. Touches no file.</summary>
    public void ValidateValues()
    {
        Require(Strength is >= 0 and <= 1, $"strength must be 0 to 1, not {Format(Strength)}");
        Require(Sharpen is >= 0 and <= MaxSharpen, $"sharpen must be 0 to {MaxSharpen}, not {Format(Sharpen)}");
        Require(SharpenRadius is >= MinSharpenRadius and <= MaxSharpenRadius,
            $"sharpen radius must be {MinSharpenRadius} to {MaxSharpenRadius} pixels, not {Format(SharpenRadius)}");
        Require(Glow is >= 0 and <= MaxGlow, $"glow must be 0 to {MaxGlow}, not {Format(Glow)}");
        Require(Enum.IsDefined(Grade), $"unknown grade {Grade}");
    }

    /// <summary>
    /// <see cref="ValidateValues"/>, then reads the LUT and the colour reference (kept in
    /// <see cref="LookAssets"/>, so a batch reads each once). Every problem is an <see cref="ArgumentException"/>.
    /// </summary>
    public void Validate()
    {
        ValidateValues();
        if (Lut is not null)
            Read(Lut, "LUT file", LookAssets.Cube, (LutFormatException e) => $"not a usable .cube LUT: {e.Message}");
        if (ColorRef is not null)
            Read(ColorRef, "colour reference image", LookAssets.Reference, (ImageRejectedException e) => $"colour reference {ColorRef}: {e.Message}");
    }

    private static void Read<TAsset, TError>(string path, string what, Func<string, TAsset> read, Func<TError, string> explain) where TError : Exception
    {
        Require(File.Exists(path), $"{what} not found: {path}");
        try
        {
            read(path);
        }
        catch (TError e)
        {
            throw new ArgumentException(explain(e), e);
        }
    }

    /// <summary>"strength 0.7, grade shinkai, glow 0.35"; "none" for the defaults.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Tta) parts.Add("flip TTA");
        if (Strength < 1) parts.Add($"strength {Format(Strength)}");
        if (ColorRef is not null) parts.Add($"colours of {Path.GetFileName(ColorRef)}");
        if (Lut is not null) parts.Add($"LUT {Path.GetFileName(Lut)}");
        if (Grade != LookGrade.None) parts.Add($"grade {Grade.ToString().ToLowerInvariant()}");
        if (Sharpen > 0) parts.Add($"sharpen {Format(Sharpen)} (radius {Format(SharpenRadius)})");
        if (Glow > 0) parts.Add($"glow {Format(Glow)}");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }
}
