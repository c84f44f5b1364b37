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

    // From [R0–7 G0–7] and [B0–7 …] to R0 G0 B0 R1 … : bytes 0–15 and 16–23 of the interleaved pixels.
    private static readonly Vector128<byte> FirstFromRedGreen = Interleave(0, fromBlue: false), FirstFromBlue = Interleave(0, fromBlue: true);
    private static readonly Vector128<byte> RestFromRedGreen = Interleave(16, fromBlue: false), RestFromBlue = Interleave(16, fromBlue: true);

    private static Vector128<byte> Interleave(int start, bool fromBlue)
    {
        var mask = new byte[16];
        for (var k = 0; k < 16; k++)
        {
            var (pixel, channel) = Math.DivRem(start + k, 3);
            mask[k] = start + k >= 24 ? (byte)0x80
                : channel == 2 ? (fromBlue ? (byte)pixel : (byte)0x80)
                : fromBlue ? (byte)0x80 : (byte)(channel * 8 + pixel);
        }
        return Vector128.Create(mask);
    }

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

    /// <summary>Writes 8 pixels (exactly 24 bytes) from channel values that are already 0–255.</summary>
    public static void Store8(byte* pixels, Vector256<int> red, Vector256<int> green, Vector256<int> blue)
    {
        var redGreen = Vector256.Narrow(red.AsUInt32(), green.AsUInt32());
        var blueTwice = Vector256.Narrow(blue.AsUInt32(), blue.AsUInt32());
        var bytes = Vector256.Narrow(redGreen, blueTwice);
        var (low, high) = (bytes.GetLower(), bytes.GetUpper());
        Sse2.Store(pixels, Ssse3.Shuffle(low, FirstFromRedGreen) | Ssse3.Shuffle(high, FirstFromBlue));
        Sse2.StoreScalar((long*)(pixels + 16), (Ssse3.Shuffle(low, RestFromRedGreen) | Ssse3.Shuffle(high, RestFromBlue)).AsInt64());
    }
}
