using System.Numerics;
using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>
/// A colour grade in the manner of Makoto Shinkai's films, made in L*a*b* / LCh: an S-curve on
/// lightness for contrast, shadows pulled towards blue-cyan, and blues (sky, water) turned towards cyan
/// and made a little more vivid. It is a grade on top of any network, not the Shinkai network. The
/// function is baked once into a 33³ LUT.
/// </summary>
public sealed class ShinkaiGrade : ILookOperation
{
    private const float Contrast = 0.22f;                 // S-curve: midtone slope 1 + Contrast, ends 1 − Contrast
    private const float Vividness = 0.08f;                // extra chroma everywhere
    private static readonly Vector2 ShadowTint = new(-2f, -6.5f); // (a, b) added in the shadows (most at L* 33), none at black or white
    private const float BlueHue = 265f, BlueWidth = 55f;  // LCh hue band of sky and water blues, degrees
    private const float BlueTurn = 12f;                   // degrees towards cyan at the band's centre
    private const float BlueVividness = 0.25f;            // extra chroma at the band's centre

    private static readonly Lazy<Lut3D> Table = new(() => Lut3D.BakeInLab(33, Grade));

    public static ShinkaiGrade Instance { get; } = new();

    private ShinkaiGrade() { }

    public string Name => "grade";

    public void Apply(PixelBuffer image) => Table.Value.Apply(image);

    internal static Vector3 Grade(Vector3 lab)
    {
        var lightness = lab.X / 100f;
        lightness -= Contrast * MathF.Sin(2 * MathF.PI * lightness) / (2 * MathF.PI);
        var shadow = 6.75f * lightness * (1 - lightness) * (1 - lightness);
        var a = lab.Y + ShadowTint.X * shadow;
        var b = lab.Z + ShadowTint.Y * shadow;

        var chroma = MathF.Sqrt(a * a + b * b);
        var hue = MathF.Atan2(b, a) * 180f / MathF.PI;
        if (hue < 0) hue += 360f;
        var distance = (hue - BlueHue) / BlueWidth;
        // Greys have no hue worth turning: the effect grows with chroma from 4 to 20.
        var blueness = MathF.Max(0, 1 - distance * distance) * SmoothStep(4f, 20f, chroma);
        hue -= BlueTurn * blueness;
        chroma *= 1 + Vividness + BlueVividness * blueness;
        var radians = hue * MathF.PI / 180f;
        return new Vector3(lightness * 100f, chroma * MathF.Cos(radians), chroma * MathF.Sin(radians));
    }

    private static float SmoothStep(float from, float to, float value)
    {
        var t = Math.Clamp((value - from) / (to - from), 0f, 1f);
        return t * t * (3 - 2 * t);
    }
}
