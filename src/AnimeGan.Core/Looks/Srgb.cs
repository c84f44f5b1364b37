namespace AnimeGan.Looks;

/// <summary>
/// The sRGB transfer curve (IEC 61966-2-1) between 8-bit encoded values and linear light, with
/// tables for the 8-bit cases the pixel loops need.
/// </summary>
internal static class Srgb
{
    private const int EncodeTableSize = 1 << 14;

    /// <summary>Linear light (0–1) of each 8-bit encoded value.</summary>
    public static readonly float[] ByteToLinear = Enumerable.Range(0, 256).Select(v => ToLinear(v / 255f)).ToArray();

    // Fine enough that every 8-bit value survives byte → linear → byte unchanged (checked by a test).
    private static readonly byte[] LinearToByteTable = Enumerable.Range(0, EncodeTableSize)
        .Select(i => (byte)MathF.Round(Encode(i / (float)(EncodeTableSize - 1)) * 255f)).ToArray();

    public static float ToLinear(float encoded) =>
        encoded <= 0.04045f ? encoded / 12.92f : MathF.Pow((encoded + 0.055f) / 1.055f, 2.4f);

    public static float Encode(float linear) =>
        linear <= 0.0031308f ? linear * 12.92f : 1.055f * MathF.Pow(linear, 1 / 2.4f) - 0.055f;

    /// <summary>Linear light (clamped to 0–1) to the nearest 8-bit encoded value, through a table.</summary>
    public static byte LinearToByte(float linear) =>
        LinearToByteTable[(int)(Math.Clamp(linear, 0f, 1f) * (EncodeTableSize - 1) + 0.5f)];
}
