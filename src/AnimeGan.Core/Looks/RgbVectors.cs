using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AnimeGan.Looks;

/// <summary>Interleaved 8-bit RGB to channel vectors for the AVX2 loops.</summary>
internal static unsafe class RgbVectors
{
    /// <summary>Bytes that must be readable from a pixel to <see cref="Load8"/> there: two 16-byte loads at +0 and +12.</summary>
    public const int ReadBytes = 28;

    // Per 16 bytes (4 pixels and a bit): R bytes to 0–3, G to 4–7, B to 8–11.
    private static readonly Vector128<byte> Deinterleave = Vector128.Create((byte)0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11, 0x80, 0x80, 0x80, 0x80);

    /// <summary>The R, G and B values of the 8 pixels at <paramref name="pixels"/>, as ints.</summary>
    public static (Vector256<int> R, Vector256<int> G, Vector256<int> B) Load8(byte* pixels)
    {
        var low = Ssse3.Shuffle(Sse2.LoadVector128(pixels), Deinterleave).AsInt32();
        var high = Ssse3.Shuffle(Sse2.LoadVector128(pixels + 12), Deinterleave).AsInt32();
        var redGreen = Sse2.UnpackLow(low, high).AsByte();   // R0–7, G0–7
        var blue = Sse2.UnpackHigh(low, high).AsByte();      // B0–7
        return (Avx2.ConvertToVector256Int32(redGreen),
                Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(redGreen, 8)),
                Avx2.ConvertToVector256Int32(blue));
    }
}
