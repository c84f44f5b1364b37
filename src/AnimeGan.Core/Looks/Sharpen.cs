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
        var luma = new float[width * height];
        RowBands.For(height, width, (top, bottom) =>
        {
            for (var y = top; y < bottom; y++) Luma.OfRow(image.Row(y), luma.AsSpan(y * width, width));
        });
        var blurred = (float[])luma.Clone();
        GaussianBlur.Apply(blurred, width, height, (float)radius);
        var gain = (float)amount;
        RowBands.For(height, width, (top, bottom) =>
        {
            for (var y = top; y < bottom; y++)
            {
                var row = image.Row(y);
                var offset = y * width;
                for (var x = 0; x < width; x++)
                {
                    var detail = gain * (luma[offset + x] - blurred[offset + x]);
                    for (var c = 0; c < 3; c++)
                        row[x * 3 + c] = (byte)Math.Clamp(row[x * 3 + c] + detail + 0.5f, 0f, 255f);
                }
            }
        });
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
