using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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

    public void Apply(PixelBuffer image) => Apply(image, Avx2.IsSupported);

    /// <param name="image">The image.</param>
    /// <param name="vectorized">Whether to use the AVX2 loops (tests compare them with the scalar ones).</param>
    internal void Apply(PixelBuffer image, bool vectorized)
    {
        var (width, height) = (image.Width, image.Height);
        var factor = Math.Max(1, Math.Max(width, height) / ReducedSide);
        var (smallWidth, smallHeight) = ((width + factor - 1) / factor, (height + factor - 1) / factor);
        var planes = Highlights(image, factor, smallWidth, smallHeight, vectorized);
        var sigma = Spread * Math.Max(width, height) / factor;
        foreach (var plane in planes) GaussianBlur.Apply(plane, smallWidth, smallHeight, sigma);
        Screen(image, planes, factor, smallWidth, smallHeight, (float)amount, vectorized);
    }

    /// <summary>The highlight light of each factor×factor block, averaged, one plane per channel.</summary>
    private static float[][] Highlights(PixelBuffer image, int factor, int smallWidth, int smallHeight, bool vectorized)
    {
        var planes = new[] { new float[smallWidth * smallHeight], new float[smallWidth * smallHeight], new float[smallWidth * smallHeight] };
        var width = image.Width;
        RowBands.For(smallHeight, smallWidth * factor * factor, (top, bottom) =>
        {
            // Per channel, the highlight light of each column summed over the block's rows.
            var columns = new float[3 * width];
            for (var sy = top; sy < bottom; sy++)
            {
                Array.Clear(columns);
                var rowCount = Math.Min(factor, image.Height - sy * factor);
                for (var dy = 0; dy < rowCount; dy++) AddHighlights(image.Row(sy * factor + dy), columns, width, vectorized);
                for (var sx = 0; sx < smallWidth; sx++)
                {
                    var (start, count) = (sx * factor, Math.Min(factor, width - sx * factor));
                    // Blocks on the right and bottom edges may be partial: average over the pixels they hold.
                    var area = (float)(count * rowCount);
                    for (var c = 0; c < 3; c++)
                    {
                        var sum = 0f;
                        foreach (var column in columns.AsSpan(c * width + start, count)) sum += column;
                        planes[c][sy * smallWidth + sx] = sum / area;
                    }
                }
            }
        });
        return planes;
    }

    /// <summary>Adds each pixel's highlight light (linear, above the threshold, soft knee) to its column, per channel.</summary>
    private static void AddHighlights(ReadOnlySpan<byte> row, float[] columns, int width, bool vectorized)
    {
        var x = vectorized ? AddHighlightsEightAtATime(row, columns, width) : 0;
        var toLinear = Srgb.ByteToLinear;
        for (; x < width; x++)
        {
            float r = toLinear[row[x * 3]], g = toLinear[row[x * 3 + 1]], b = toLinear[row[x * 3 + 2]];
            var excess = MathF.Max(0, (Luma.Red * r + Luma.Green * g + Luma.Blue * b - Threshold) * (1 / (1 - Threshold)));
            var weight = excess * excess; // a soft knee: no edge where the glow starts
            columns[x] += r * weight;
            columns[width + x] += g * weight;
            columns[2 * width + x] += b * weight;
        }
    }

    private static unsafe int AddHighlightsEightAtATime(ReadOnlySpan<byte> row, float[] columns, int width)
    {
        var x = 0;
        fixed (byte* pixels = row)
        fixed (float* toLinear = Srgb.ByteToLinear, sums = columns)
        {
            for (; x * 3 <= row.Length - RgbVectors.ReadBytes; x += 8)
            {
                var (red, green, blue) = RgbVectors.Load8(pixels + x * 3);
                var r = Avx2.GatherVector256(toLinear, red, 4);
                var g = Avx2.GatherVector256(toLinear, green, 4);
                var b = Avx2.GatherVector256(toLinear, blue, 4);
                var luminance = r * Luma.Red + g * Luma.Green + b * Luma.Blue;
                var excess = Vector256.Max(Vector256<float>.Zero, (luminance - Vector256.Create(Threshold)) * (1 / (1 - Threshold)));
                var weight = excess * excess;
                (Avx.LoadVector256(sums + x) + r * weight).Store(sums + x);
                (Avx.LoadVector256(sums + width + x) + g * weight).Store(sums + width + x);
                (Avx.LoadVector256(sums + 2 * width + x) + b * weight).Store(sums + 2 * width + x);
            }
        }
        return x;
    }

    /// <summary>out = 1 − (1 − pixel)(1 − amount·glow) in linear light, the glow sampled bilinearly from the reduced planes.</summary>
    private static void Screen(PixelBuffer image, float[][] planes, int factor, int smallWidth, int smallHeight, float amount, bool vectorized)
    {
        var across = Across.For(image.Width, factor, smallWidth);
        RowBands.For(image.Height, image.Width, (top, bottom) =>
        {
            // One output row's glow at the reduced columns (interleaved RGB), interpolated between two reduced rows.
            var glowRow = new float[smallWidth * 3];
            for (var y = top; y < bottom; y++)
            {
                var (above, below, down) = Tap(y, factor, smallHeight);
                for (var c = 0; c < 3; c++)
                {
                    var upper = planes[c].AsSpan(above * smallWidth, smallWidth);
                    var lower = planes[c].AsSpan(below * smallWidth, smallWidth);
                    for (var sx = 0; sx < smallWidth; sx++)
                        glowRow[sx * 3 + c] = amount * (upper[sx] + down * (lower[sx] - upper[sx]));
                }
                var row = image.Row(y);
                var done = vectorized ? ScreenSixteenAtATime(row, glowRow, across) : 0;
                for (var i = done; i < row.Length; i++)
                {
                    var glow = glowRow[across.Left[i]] + across.Weight[i] * (glowRow[across.Left[i] + across.Step[i]] - glowRow[across.Left[i]]);
                    if (glow > NoGlow) row[i] = Srgb.LinearToByte(1 - (1 - Srgb.ByteToLinear[row[i]]) * (1 - Math.Min(glow, 1f)));
                }
            }
        });
    }

    /// <summary>Below this the pixel keeps its exact value.</summary>
    private const float NoGlow = 1e-5f;

    /// <summary>The same screen, 16 channel values per step with AVX2 gathers; returns how many it did.</summary>
    private static unsafe int ScreenSixteenAtATime(Span<byte> row, float[] glowRow, Across across)
    {
        var i = 0;
        fixed (byte* values = row)
        fixed (float* glow = glowRow, weights = across.Weight)
        fixed (int* lefts = across.Left, steps = across.Step)
        {
            for (; i <= row.Length - 16; i += 16)
            {
                var bytes = Sse2.LoadVector128(values + i);
                var low = ScreenEight(bytes, glow, lefts + i, steps + i, weights + i);
                var high = ScreenEight(Sse2.ShiftRightLogical128BitLane(bytes, 8), glow, lefts + i + 8, steps + i + 8, weights + i + 8);
                var words = Vector256.Narrow(low.AsUInt32(), high.AsUInt32());
                Vector256.Narrow(words, words).GetLower().Store(values + i);
            }
        }
        return i;
    }

    /// <summary>Screens the channel values in the low 8 bytes of <paramref name="bytes"/>.</summary>
    private static unsafe Vector256<int> ScreenEight(Vector128<byte> bytes, float* glowRow, int* lefts, int* steps, float* weights)
    {
        var one = Vector256.Create(1f);
        var original = Avx2.ConvertToVector256Int32(bytes);
        var left = Avx.LoadVector256(lefts);
        var leftGlow = Avx2.GatherVector256(glowRow, left, 4);
        var rightGlow = Avx2.GatherVector256(glowRow, left + Avx.LoadVector256(steps), 4);
        var glow = Vector256.Min(leftGlow + Avx.LoadVector256(weights) * (rightGlow - leftGlow), one);
        fixed (float* toLinear = Srgb.ByteToLinear)
        fixed (int* encode = Srgb.LinearToByteTable)
        {
            var screened = one - (one - Avx2.GatherVector256(toLinear, original, 4)) * (one - glow);
            var index = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(screened, Vector256<float>.Zero), one)
                                                 * Vector256.Create((float)(Srgb.EncodeTableSize - 1)) + Vector256.Create(0.5f));
            return Vector256.ConditionalSelect(Vector256.GreaterThan(glow, Vector256.Create(NoGlow)).AsInt32(),
                Avx2.GatherVector256(encode, index, 4), original);
        }
    }

    /// <summary>
    /// For each channel value of a full-size row (x·3 + c): the reduced-row value to its left, the step
    /// to the one on its right (0 at the edge) and the weight of the right one.
    /// </summary>
    private sealed record Across(int[] Left, int[] Step, float[] Weight)
    {
        public static Across For(int width, int factor, int smallWidth)
        {
            var (left, step, weight) = (new int[width * 3], new int[width * 3], new float[width * 3]);
            for (var x = 0; x < width; x++)
            {
                var (lower, upper, fraction) = Tap(x, factor, smallWidth);
                for (var c = 0; c < 3; c++)
                    (left[x * 3 + c], step[x * 3 + c], weight[x * 3 + c]) = (lower * 3 + c, (upper - lower) * 3, fraction);
            }
            return new Across(left, step, weight);
        }
    }

    private static (int Lower, int Upper, float Fraction) Tap(int i, int factor, int smallLength)
    {
        var position = Math.Clamp((i + 0.5f) / factor - 0.5f, 0f, smallLength - 1);
        var lower = (int)position;
        return (lower, Math.Min(lower + 1, smallLength - 1), position - lower);
    }
}
