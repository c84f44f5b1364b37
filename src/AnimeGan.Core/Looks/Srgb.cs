namespace AnimeGan.Looks;

/// <summary>
/// The sRGB transfer curve (IEC 61966-2-1) between 8-bit encoded values and linear light, with
/// tables for the 8-bit cases the pixel loops need.
/// </summary>
internal static class Srgb
{
    /// <summary>Entries of <see cref="LinearToByteTable"/>: index = linear · (size − 1), rounded.</summary>
    public const int EncodeTableSize = 1 << 14;

    /// <summary>Linear light (0–1) of each 8-bit encoded value.</summary>
    public static readonly float[] ByteToLinear = Enumerable.Range(0, 256).Select(v => ToLinear(v / 255f)).ToArray();

    /// <summary>
    /// The 8-bit encoded value of linear light at each table step; ints so vector loops can gather them.
    /// Fine enough that every 8-bit value survives byte → linear → byte unchanged (checked by a test).
    /// </summary>
    public static readonly int[] LinearToByteTable = Enumerable.Range(0, EncodeTableSize)
        .Select(i => (int)MathF.Round(Encode(i / (float)(EncodeTableSize - 1)) * 255f)).ToArray();

    // The encoding curve at 4096 steps of linear light, read with linear interpolation: within 0.01
    // of a level of the exact curve, several times faster than MathF.Pow.
    private const int CurveSteps = 4096;
    private static readonly float[] EncodeCurve = Enumerable.Range(0, CurveSteps + 1).Select(i => Encode(i / (float)CurveSteps)).ToArray();

    public static float ToLinear(float encoded) =>
        encoded <= 0.04045f ? encoded / 12.92f : MathF.Pow((encoded + 0.055f) / 1.055f, 2.4f);

    public static float Encode(float linear) =>
        linear <= 0.0031308f ? linear * 12.92f : 1.055f * MathF.Pow(linear, 1 / 2.4f) - 0.055f;

    /// <summary><see cref="Encode"/> of linear light clamped to 0–1, through a table.</summary>
    public static float EncodeQuickly(float linear)
    {
        var position = Math.Clamp(linear, 0f, 1f) * CurveSteps;
        var lower = Math.Min((int)position, CurveSteps - 1);
        return EncodeCurve[lower] + (position - lower) * (EncodeCurve[lower + 1] - EncodeCurve[lower]);
    }

    /// <summary>Linear light (clamped to 0–1) to the nearest 8-bit encoded value, through a table.</summary>
    public static byte LinearToByte(float linear) =>
        (byte)LinearToByteTable[(int)(Math.Clamp(linear, 0f, 1f) * (EncodeTableSize - 1) + 0.5f)];
}
