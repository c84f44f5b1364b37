using System.Buffers;
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

    public void Apply(PixelBuffer image)
    {
        var (width, height) = (image.Width, image.Height);
        // Pooled: fresh 16 MB planes cost more in page faults than the whole filter does.
        var luma = ArrayPool<float>.Shared.Rent(width * height);
        var blurred = ArrayPool<float>.Shared.Rent(width * height);
        try
        {
            RowBands.For(height, width, (top, bottom) =>
            {
                for (var y = top; y < bottom; y++) Luma.OfRow(image.Row(y), luma.AsSpan(y * width, width));
            });
            luma.AsSpan(0, width * height).CopyTo(blurred);
            GaussianBlur.Apply(blurred, width, height, (float)radius);
            var gain = (float)amount;
            RowBands.For(height, width, (top, bottom) =>
            {
                for (var y = top; y < bottom; y++)
                    AddDetail(image.Row(y), luma.AsSpan(y * width, width), blurred.AsSpan(y * width, width), gain);
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(luma);
            ArrayPool<float>.Shared.Return(blurred);
        }
    }

    private static void AddDetail(Span<byte> row, ReadOnlySpan<float> luma, ReadOnlySpan<float> blurred, float gain)
    {
        for (var x = 0; x < luma.Length; x++)
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

    public static void OfRow(ReadOnlySpan<byte> rgb, Span<float> luma)
    {
        for (var x = 0; x < luma.Length; x++)
            luma[x] = Red * rgb[x * 3] + Green * rgb[x * 3 + 1] + Blue * rgb[x * 3 + 2];
    }
}
