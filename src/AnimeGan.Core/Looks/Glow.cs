using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>
/// Light bleeding from highlights, in linear light: the part of each pixel above a luminance threshold
/// is blurred wide (a fraction of the image's long side) and screened back over the image with the
/// given amount. The blur runs on a copy reduced to about 256 px, which a glow this soft cannot tell
/// from full resolution; pixels with no glow reaching them keep their exact value.
/// </summary>
public sealed class Glow(double amount) : ILookOperation
{
    /// <summary>Linear luminance where highlights begin to glow (about 0.58 in encoded sRGB: the generator's whites sit near 0.85).</summary>
    public const float Threshold = 0.3f;

    /// <summary>Blur sigma as a fraction of the long side.</summary>
    public const float Spread = 0.03f;

    private const int ReducedSide = 256;

    public string Name => "glow";

    public void Apply(PixelBuffer image)
    {
        var (width, height) = (image.Width, image.Height);
        var factor = Math.Max(1, Math.Max(width, height) / ReducedSide);
        var (smallWidth, smallHeight) = ((width + factor - 1) / factor, (height + factor - 1) / factor);
        var planes = Highlights(image, factor, smallWidth, smallHeight);
        var sigma = Spread * Math.Max(width, height) / factor;
        foreach (var plane in planes) GaussianBlur.Apply(plane, smallWidth, smallHeight, sigma);
        Screen(image, planes, factor, smallWidth, smallHeight, (float)amount);
    }

    /// <summary>The highlight light of each factor×factor block, averaged, one plane per channel.</summary>
    private static float[][] Highlights(PixelBuffer image, int factor, int smallWidth, int smallHeight)
    {
        var planes = new[] { new float[smallWidth * smallHeight], new float[smallWidth * smallHeight], new float[smallWidth * smallHeight] };
        var toLinear = Srgb.ByteToLinear;
        RowBands.For(smallHeight, smallWidth * factor * factor, (top, bottom) =>
        {
            for (var sy = top; sy < bottom; sy++)
            {
                var rowCount = Math.Min(factor, image.Height - sy * factor);
                for (var dy = 0; dy < rowCount; dy++)
                {
                    var row = image.Row(sy * factor + dy);
                    for (var x = 0; x < image.Width; x++)
                    {
                        float r = toLinear[row[x * 3]], g = toLinear[row[x * 3 + 1]], b = toLinear[row[x * 3 + 2]];
                        var excess = (Luma.Red * r + Luma.Green * g + Luma.Blue * b - Threshold) / (1 - Threshold);
                        if (excess <= 0) continue;
                        var weight = excess * excess; // a soft knee: no edge where the glow starts
                        var index = sy * smallWidth + x / factor;
                        planes[0][index] += r * weight;
                        planes[1][index] += g * weight;
                        planes[2][index] += b * weight;
                    }
                }
            }
        });
        // Blocks on the right and bottom edges may be partial: average over the pixels they hold.
        for (var sy = 0; sy < smallHeight; sy++)
        for (var sx = 0; sx < smallWidth; sx++)
        {
            var area = Math.Min(factor, image.Height - sy * factor) * Math.Min(factor, image.Width - sx * factor);
            foreach (var plane in planes) plane[sy * smallWidth + sx] /= area;
        }
        return planes;
    }

    /// <summary>out = 1 − (1 − pixel)(1 − amount·glow) in linear light, the glow sampled bilinearly from the reduced planes.</summary>
    private static void Screen(PixelBuffer image, float[][] planes, int factor, int smallWidth, int smallHeight, float amount)
    {
        var (columns, columnWeights) = Taps(image.Width, factor, smallWidth);
        var toLinear = Srgb.ByteToLinear;
        RowBands.For(image.Height, image.Width, (top, bottom) =>
        {
            Span<float> glow = stackalloc float[3];
            for (var y = top; y < bottom; y++)
            {
                var (above, below, down) = Tap(y, factor, smallHeight);
                var row = image.Row(y);
                for (var x = 0; x < image.Width; x++)
                {
                    int left = columns[x], right = Math.Min(left + 1, smallWidth - 1);
                    var across = columnWeights[x];
                    var any = false;
                    for (var c = 0; c < 3; c++)
                    {
                        var plane = planes[c];
                        var upper = plane[above * smallWidth + left] + across * (plane[above * smallWidth + right] - plane[above * smallWidth + left]);
                        var lower = plane[below * smallWidth + left] + across * (plane[below * smallWidth + right] - plane[below * smallWidth + left]);
                        glow[c] = amount * (upper + down * (lower - upper));
                        any |= glow[c] > 1e-5f;
                    }
                    if (!any) continue;
                    for (var c = 0; c < 3; c++)
                    {
                        var linear = toLinear[row[x * 3 + c]];
                        row[x * 3 + c] = Srgb.LinearToByte(1 - (1 - linear) * (1 - Math.Min(glow[c], 1f)));
                    }
                }
            }
        });
    }

    /// <summary>For each full-size column, the reduced column to its left and the fraction towards the next one.</summary>
    private static (int[] Lower, float[] Fraction) Taps(int length, int factor, int smallLength)
    {
        var lower = new int[length];
        var fraction = new float[length];
        for (var i = 0; i < length; i++) (lower[i], _, fraction[i]) = Tap(i, factor, smallLength);
        return (lower, fraction);
    }

    private static (int Lower, int Upper, float Fraction) Tap(int i, int factor, int smallLength)
    {
        var position = Math.Clamp((i + 0.5f) / factor - 0.5f, 0f, smallLength - 1);
        var lower = (int)position;
        return (lower, Math.Min(lower + 1, smallLength - 1), position - lower);
    }
}
