using System.Numerics;

namespace AnimeGan.Looks;

/// <summary>
/// CIE L*a*b* (D65 white) from and to sRGB, scalar. Used where a look needs a perceptual space; the
/// per-pixel work goes through a baked <see cref="Lut3D"/>, so these run on grid points and samples only.
/// </summary>
internal static class Lab
{
    private const float WhiteX = 0.95047f, WhiteZ = 1.08883f;
    private const float Epsilon = 216f / 24389f, Kappa = 24389f / 27f;

    /// <summary>8-bit encoded sRGB to (L 0–100, a, b).</summary>
    public static Vector3 FromSrgbBytes(byte r, byte g, byte b) =>
        FromLinear(new Vector3(Srgb.ByteToLinear[r], Srgb.ByteToLinear[g], Srgb.ByteToLinear[b]));

    /// <summary>(L, a, b) to encoded sRGB, each clamped to 0–1 (colours outside the gamut are clipped per channel).</summary>
    public static Vector3 ToSrgb(Vector3 lab)
    {
        var linear = ToLinear(lab);
        return new Vector3(Srgb.EncodeQuickly(linear.X), Srgb.EncodeQuickly(linear.Y), Srgb.EncodeQuickly(linear.Z));
    }

    /// <summary>Linear-light sRGB (each 0–1) to (L, a, b).</summary>
    public static Vector3 FromLinear(Vector3 rgb)
    {
        var x = (0.4123908f * rgb.X + 0.3575843f * rgb.Y + 0.1804808f * rgb.Z) / WhiteX;
        var y = 0.2126390f * rgb.X + 0.7151687f * rgb.Y + 0.0721923f * rgb.Z;
        var z = (0.0193308f * rgb.X + 0.1191948f * rgb.Y + 0.9505322f * rgb.Z) / WhiteZ;
        float fx = F(x), fy = F(y), fz = F(z);
        return new Vector3(116f * fy - 16f, 500f * (fx - fy), 200f * (fy - fz));
    }

    private static Vector3 ToLinear(Vector3 lab)
    {
        var fy = (lab.X + 16f) / 116f;
        var fx = fy + lab.Y / 500f;
        var fz = fy - lab.Z / 200f;
        var x = FInverse(fx) * WhiteX;
        var y = lab.X > Kappa * Epsilon ? fy * fy * fy : lab.X / Kappa;
        var z = FInverse(fz) * WhiteZ;
        return new Vector3(
            3.2409699f * x - 1.5373832f * y - 0.4986108f * z,
            -0.9692436f * x + 1.8759675f * y + 0.0415551f * z,
            0.0556301f * x - 0.2039770f * y + 1.0569715f * z);
    }

    private static float F(float t) => t > Epsilon ? CubeRoot(t) : (Kappa * t + 16f) / 116f;

    /// <summary>
    /// Cube root of a positive float: a first guess from the bits (exponent divided by three) and two
    /// Halley steps, within 3e-7 of MathF.Cbrt and about three times faster (this is the hot part of
    /// baking a LUT in Lab).
    /// </summary>
    internal static float CubeRoot(float x)
    {
        var y = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) / 3 + 709921077);
        var cube = y * y * y;
        y *= (cube + 2 * x) / (2 * cube + x);
        cube = y * y * y;
        return y * (cube + 2 * x) / (2 * cube + x);
    }

    private static float FInverse(float f) => f * f * f > Epsilon ? f * f * f : (116f * f - 16f) / Kappa;
}
