using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AnimeGan.Imaging;
using AnimeGan.Options;
using AnimeGan.Pipeline;

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
/// command line, a form or a JSON preset can set; their names, ranges and help are defined once, in
/// <see cref="Options.ConversionOptions"/>. This record is also the one place that fixes what runs,
/// in which order (docs/LOOK.md explains the choices). Every operation takes and gives 8-bit sRGB at
/// the working size; each works internally in the space its doc names.
/// <list type="number">
/// <item>strength — blend with the photo (encoded sRGB), so everything after finishes the final mix;</item>
/// <item>colour transfer — match a reference's distribution (L*a*b*), before creative grading;</item>
/// <item>LUT — the user's .cube (encoded sRGB in, as .cube files for video expect);</item>
/// <item>grade — the Shinkai-like grade (L*a*b* / LCh);</item>
/// <item>sharpen — luma unsharp mask, on the graded colours;</item>
/// <item>glow — highlights bloom in linear light, last so sharpening does not put edges into it.</item>
/// </list>
/// Flip TTA is not here: it belongs to the stylize stage (<see cref="FlipTta"/>). The defaults change nothing.
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

    /// <summary>The operations after the strength blend, in the order they run; a new look operation is one line here.</summary>
    public IReadOnlyList<ILookOperation> Operations()
    {
        var operations = new List<ILookOperation>();
        if (ColorRef is not null) operations.Add(new ColourTransfer(ColorRef.Content));
        if (Lut is not null) operations.Add(new LutOperation(Lut.Content));
        if (Grade == LookGrade.Shinkai) operations.Add(ShinkaiGrade.Instance);
        if (Sharpen > 0) operations.Add(new Sharpen(Sharpen, SharpenRadius));
        if (Glow > 0) operations.Add(new Glow(Glow));
        return operations;
    }

    /// <summary>Whether the look changes the stylized picture at all.</summary>
    [JsonIgnore]
    public bool ChangesPixels => Strength < 1 || Operations().Count > 0;

    /// <summary>
    /// The finished picture: <paramref name="stylized"/> blended with <paramref name="photo"/> (the photo
    /// at the working size) by the strength, then every operation. A new buffer; the inputs are not
    /// changed; <paramref name="stylized"/> itself when the look changes nothing.
    /// </summary>
    public PixelBuffer Apply(PixelBuffer stylized, PixelBuffer photo)
    {
        if (!ChangesPixels) return stylized;
        var image = stylized.Clone();
        if (Strength < 1) new StrengthBlend(photo, Strength).Apply(image);
        foreach (var operation in Operations()) operation.Apply(image);
        return image;
    }

    /// <summary>"strength 0.7, grade shinkai, glow 0.35" in the options' own names; "none" for the defaults.</summary>
    public string Describe()
    {
        var settings = new ConversionSettings { Look = this };
        var parts = ConversionOptions.All.Where(option => option.Group == ConversionOptions.Look)
            .Select(option => (option.Name, Value: option.ValueIn(settings), Default: option.ValueIn(new ConversionSettings())))
            .Where(o => !Equals(o.Value, o.Default))
            .Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Name} {o.Value}"))
            .ToList();
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
