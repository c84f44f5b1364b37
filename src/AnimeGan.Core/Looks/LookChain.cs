using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>
/// The one place that fixes what runs after the generator, in which order, for the CLI, the web page
/// and the API alike (docs/LOOK.md explains the choices). Every operation takes and gives 8-bit sRGB at
/// the working size; each works internally in the space its doc names.
/// <list type="number">
/// <item>strength — blend with the photo (encoded sRGB), so everything after finishes the final mix;</item>
/// <item>colour transfer — match a reference's distribution (L*a*b*), before creative grading;</item>
/// <item>LUT — the user's .cube (encoded sRGB in, as .cube files for video expect);</item>
/// <item>grade — the Shinkai-like grade (L*a*b* / LCh);</item>
/// <item>sharpen — luma unsharp mask, on the graded colours;</item>
/// <item>glow — highlights bloom in linear light, last so sharpening does not put edges into it.</item>
/// </list>
/// Flip TTA is not here: it belongs to the stylize stage (<see cref="FlipTta"/>).
/// </summary>
public static class LookChain
{
    /// <param name="look">Validated settings.</param>
    /// <param name="photo">The photo at the working size (what strength blends back in).</param>
    public static IReadOnlyList<ILookOperation> Operations(LookSettings look, PixelBuffer photo)
    {
        var operations = new List<ILookOperation>();
        if (look.Strength < 1) operations.Add(new StrengthBlend(photo, look.Strength));
        if (look.ColorRef is not null) operations.Add(new ColourTransfer(look.ColorRef.Content));
        if (look.Lut is not null) operations.Add(new LutOperation(look.Lut.Content));
        if (look.Grade == LookGrade.Shinkai) operations.Add(ShinkaiGrade.Instance);
        if (look.Sharpen > 0) operations.Add(new Sharpen(look.Sharpen, look.SharpenRadius));
        if (look.Glow > 0) operations.Add(new Glow(look.Glow));
        return operations;
    }

    /// <summary>The finished picture: a new buffer (the inputs are not changed), or <paramref name="stylized"/> itself when the look changes nothing.</summary>
    public static PixelBuffer Apply(LookSettings look, PixelBuffer stylized, PixelBuffer photo)
    {
        var operations = Operations(look, photo);
        if (operations.Count == 0) return stylized;
        var image = stylized.Clone();
        foreach (var operation in operations) operation.Apply(image);
        return image;
    }
}

/// <summary>A loaded 3-D LUT as a chain step.</summary>
public sealed class LutOperation(Lut3D lut) : ILookOperation
{
    public string Name => "lut";

    public void Apply(PixelBuffer image) => lut.Apply(image);
}
