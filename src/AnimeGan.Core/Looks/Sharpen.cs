using System.Buffers;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>
/// Unsharp mask on luma: detail = Y − Gaussian(Y, radius), and amount·detail is added to R, G and B
/// alike, so edges get crisper without colour fringes. Y is the Rec. 709 luma of the encoded values.
/// A flat area has no detail and stays exactly as it was.
/// </summary>
public sealed class Sharpen(double amount, double radius) : ILookOperation
{
    public string Name => "sharpen";

    public void Apply(PixelBuffer image) => Apply(image, Avx2.IsSupported);

    /// <param name="image">The image.</param>
    /// <param name="vectorized">Whether to use the AVX2 loops (tests compare them with the scalar ones).</param>
    internal void Apply(PixelBuffer image, bool vectorized)
    {
        var (width, height) = (image.Width, image.Height);
        // Pooled: fresh 16 MB planes cost more in page faults than the whole filter does.
        var luma = ArrayPool<float>.Shared.Rent(width * height);
        var blurred = ArrayPool<float>.Shared.Rent(width * height);
        try
        {
            RowBands.For(height, width, (top, bottom) =>
            {
                for (var y = top; y < bottom; y++) Luma.OfRow(image.Row(y), luma.AsSpan(y * width, width), vectorized);
            });
            GaussianBlur.Apply(luma, blurred, width, height, (float)radius);
            var gain = (float)amount;
            RowBands.For(height, width, (top, bottom) =>
            {
                for (var y = top; y < bottom; y++)
                    AddDetail(image.Row(y), luma.AsSpan(y * width, width), blurred.AsSpan(y * width, width), gain, vectorized);
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(luma);
            ArrayPool<float>.Shared.Return(blurred);
        }
    }

    /// <summary>Adds round(gain · (luma − blurred)) to each channel of each pixel, clamped to 0–255.</summary>
    private static unsafe void AddDetail(Span<byte> row, ReadOnlySpan<float> luma, ReadOnlySpan<float> blurred, float gain, bool vectorized)
    {
        var x = 0;
        if (vectorized)
        {
            fixed (byte* pixels = row)
            fixed (float* lumaValues = luma, blurredValues = blurred)
            {
                var (zero, top) = (Vector256<int>.Zero, Vector256.Create(255));
                for (; x * 3 <= row.Length - RgbVectors.ReadBytes; x += 8)
                {
                    var detail = Avx.ConvertToVector256Int32(
                        (Avx.LoadVector256(lumaValues + x) - Avx.LoadVector256(blurredValues + x)) * gain); // rounds half to even, as MathF.Round
                    var (r, g, b) = RgbVectors.Load8(pixels + x * 3);
                    RgbVectors.Store8(pixels + x * 3,
                        Vector256.Clamp(r + detail, zero, top), Vector256.Clamp(g + detail, zero, top), Vector256.Clamp(b + detail, zero, top));
                }
            }
        }
        for (; x < luma.Length; x++)
        {
            var detail = (int)MathF.Round(gain * (luma[x] - blurred[x]));
            if (detail == 0) continue;
            var pixel = row.Slice(x * 3, 3);
            pixel[0] = (byte)Math.Clamp(pixel[0] + detail, 0, 255);
            pixel[1] = (byte)Math.Clamp(pixel[1] + detail, 0, 255);
            pixel[2] = (byte)Math.Clamp(pixel[2] + detail, 0, 255);
        }
    }
}

/// <summary>Rec. 709 luma weights.</summary>
internal static class Luma
{
    public const float Red = 0.2126f, Green = 0.7152f, Blue = 0.0722f;

    /// <summary>The luma of each pixel of an RGB row, on the 0–255 scale.</summary>
    public static unsafe void OfRow(ReadOnlySpan<byte> rgb, Span<float> luma, bool vectorized)
    {
        var x = 0;
        if (vectorized)
        {
            fixed (byte* pixels = rgb)
            fixed (float* values = luma)
            {
                for (; x * 3 <= rgb.Length - RgbVectors.ReadBytes; x += 8)
                {
                    var (r, g, b) = RgbVectors.Load8(pixels + x * 3);
                    (Vector256.ConvertToSingle(r) * Red + Vector256.ConvertToSingle(g) * Green + Vector256.ConvertToSingle(b) * Blue).Store(values + x);
                }
            }
        }
        for (; x < luma.Length; x++)
            luma[x] = Red * rgb[x * 3] + Green * rgb[x * 3 + 1] + Blue * rgb[x * 3 + 2];
    }
}
