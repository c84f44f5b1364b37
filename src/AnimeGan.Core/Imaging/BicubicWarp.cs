using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AnimeGan.Imaging;

/// <summary>
/// Resamples an image through a <see cref="SimilarityTransform"/> with bicubic (Catmull-Rom)
/// interpolation. Only the requested output rectangle is computed, so a face can be warped back into
/// a large photo at the cost of the face alone. Outside the source the edge pixels are repeated. When
/// the transform shrinks, the part of the source it reads is low-passed first so fine detail (hair,
/// text) does not alias into moiré.
/// </summary>
public static class BicubicWarp
{
    /// <summary>
    /// The output rectangle (<paramref name="left"/>, <paramref name="top"/>, <paramref name="width"/> ×
    /// <paramref name="height"/>) of the image that <paramref name="sourceToOutput"/> makes of <paramref name="source"/>.
    /// </summary>
    public static PixelBuffer Warp(PixelBuffer source, SimilarityTransform sourceToOutput, int left, int top, int width, int height)
    {
        var back = sourceToOutput.Inverse();
        var (originX, originY, factor) = (0, 0, 1f);
        if (back.Scale > MaxUnfilteredReduction)
            (source, originX, originY, factor) = LowPassed(source, back, left, top, width, height);
        var output = new PixelBuffer(width, height, source.Bands);
        var (bands, stride, lastColumn, lastRow) = (source.Bands, source.Stride, source.Width - 1, source.Height - 1);
        var sourceData = source.Data;
        // Rows are independent: a 512² face crop takes a few milliseconds.
        Parallel.For(0, height, y =>
        {
            // The source is read through a reference, not a span: every index below is clamped into it,
            // and the bounds checks of 48 reads a pixel were most of the warp's time.
            ref var pixels = ref MemoryMarshal.GetArrayDataReference(sourceData);
            var row = output.Row(y);
            var oy = top + y + 0.5f;
            for (var x = 0; x < width; x++)
            {
                var ox = left + x + 0.5f;
                // Continuous source position, then the sample grid (pixel centres sit at i + 0.5).
                var u = (back.A * ox - back.B * oy + back.Tx - originX) * factor - 0.5f;
                var v = (back.B * ox + back.A * oy + back.Ty - originY) * factor - 0.5f;
                var (fu, fv) = (MathF.Floor(u), MathF.Floor(v));
                var (column, sourceRow) = ((int)fu - 1, (int)fv - 1);
                var taps = new Taps(
                    Math.Clamp(column, 0, lastColumn) * bands, Math.Clamp(column + 1, 0, lastColumn) * bands,
                    Math.Clamp(column + 2, 0, lastColumn) * bands, Math.Clamp(column + 3, 0, lastColumn) * bands,
                    Weights(u - fu));
                var (wy0, wy1, wy2, wy3) = Weights(v - fv);
                var (r0, r1, r2, r3) = (Math.Clamp(sourceRow, 0, lastRow) * stride, Math.Clamp(sourceRow + 1, 0, lastRow) * stride,
                    Math.Clamp(sourceRow + 2, 0, lastRow) * stride, Math.Clamp(sourceRow + 3, 0, lastRow) * stride);
                for (var band = 0; band < bands; band++)
                {
                    ref var first = ref Unsafe.Add(ref pixels, band);
                    var total = wy0 * taps.Across(ref first, r0) + wy1 * taps.Across(ref first, r1)
                              + wy2 * taps.Across(ref first, r2) + wy3 * taps.Across(ref first, r3);
                    row[x * bands + band] = (byte)Math.Clamp(MathF.Round(total), 0f, 255f);
                }
            }
        });
        return output;
    }

    /// <summary>Shrinking by up to this factor (source pixels per output pixel) is left to the bicubic kernel alone.</summary>
    private const float MaxUnfilteredReduction = 1.25f;

    /// <summary>
    /// The source rectangle the output reads (plus the filters' reach), reduced to fit the output's pixel
    /// grid: first averaged in blocks of the whole part of the reduction (cheap on a large face, and the
    /// pixel mapping stays exact: block i covers source pixels [i·n, (i+1)·n)), then Gaussian-blurred for
    /// the rest, k, by σ = ½·√(k² − 1) on top of the half pixel the bicubic kernel smooths itself.
    /// Source position x maps to (x − Left)·Factor in the returned region.
    /// </summary>
    private static (PixelBuffer Region, int Left, int Top, float Factor) LowPassed(PixelBuffer source, SimilarityTransform back, int left, int top, int width, int height)
    {
        var reduction = back.Scale;
        var blocks = Math.Max(1, (int)MathF.Floor(reduction));
        var rest = reduction / blocks;
        var sigma = rest > MaxUnfilteredReduction ? 0.5 * Math.Sqrt(rest * rest - 1) : 0;
        var reach = blocks * ((int)Math.Ceiling(3.5 * sigma) + 3);
        Vector2[] corners = [new(left, top), new(left + width, top), new(left, top + height), new(left + width, top + height)];
        var mapped = corners.Select(back.Apply).ToArray();
        var regionLeft = Math.Clamp((int)MathF.Floor(mapped.Min(p => p.X)) - reach, 0, source.Width - 1);
        var regionTop = Math.Clamp((int)MathF.Floor(mapped.Min(p => p.Y)) - reach, 0, source.Height - 1);
        var regionWidth = Math.Clamp((int)MathF.Ceiling(mapped.Max(p => p.X)) + reach, regionLeft + 1, source.Width) - regionLeft;
        var regionHeight = Math.Clamp((int)MathF.Ceiling(mapped.Max(p => p.Y)) + reach, regionTop + 1, source.Height) - regionTop;
        blocks = Math.Min(blocks, Math.Min(regionWidth, regionHeight));
        var region = Resampler.Crop(source, regionLeft, regionTop, regionWidth / blocks * blocks, regionHeight / blocks * blocks);
        if (blocks > 1) region = Resampler.AverageBlocks(region, blocks);
        if (sigma > 0) region = Blur.Gaussian(region, sigma);
        return (region, regionLeft, regionTop, 1f / blocks);
    }

    /// <summary>The four columns a sample reads (offsets into a source row) and their weights.</summary>
    private readonly record struct Taps(int C0, int C1, int C2, int C3, (float W0, float W1, float W2, float W3) Weights)
    {
        /// <summary>The weighted sum along the source row starting at offset <paramref name="row"/> from <paramref name="first"/>.</summary>
        public float Across(ref byte first, int row) =>
            Weights.W0 * Unsafe.Add(ref first, row + C0) + Weights.W1 * Unsafe.Add(ref first, row + C1)
            + Weights.W2 * Unsafe.Add(ref first, row + C2) + Weights.W3 * Unsafe.Add(ref first, row + C3);
    }

    /// <summary>Catmull-Rom weights of the four samples around a point <paramref name="t"/> (0–1) past the second.</summary>
    private static (float, float, float, float) Weights(float t)
    {
        var t2 = t * t;
        var t3 = t2 * t;
        return (0.5f * (-t3 + 2 * t2 - t), 0.5f * (3 * t3 - 5 * t2 + 2), 0.5f * (-3 * t3 + 4 * t2 + t), 0.5f * (t3 - t2));
    }
}
