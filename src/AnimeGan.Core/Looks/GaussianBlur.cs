using System.Buffers;
using System.Numerics;

namespace AnimeGan.Looks;

/// <summary>Separable Gaussian blur of one float plane (edges repeat the border pixel), vectorised along rows.</summary>
internal static class GaussianBlur
{
    /// <summary>Normalised weights of a Gaussian cut off at three sigma.</summary>
    public static float[] Kernel(float sigma)
    {
        var radius = Math.Max(1, (int)MathF.Ceiling(3 * sigma));
        var weights = new float[2 * radius + 1];
        for (var i = 0; i < weights.Length; i++)
            weights[i] = MathF.Exp(-(i - radius) * (i - radius) / (2 * sigma * sigma));
        var sum = weights.Sum();
        for (var i = 0; i < weights.Length; i++) weights[i] /= sum;
        return weights;
    }

    /// <summary>Blurs the first width × height values of <paramref name="plane"/> (row-major) in place.</summary>
    public static void Apply(float[] plane, int width, int height, float sigma) => Apply(plane, plane, width, height, sigma);

    /// <summary>Writes the blur of <paramref name="source"/> into <paramref name="target"/> (which may be the same array).</summary>
    public static void Apply(float[] source, float[] target, int width, int height, float sigma)
    {
        var kernel = Kernel(sigma);
        var across = ArrayPool<float>.Shared.Rent(width * height);
        try
        {
            RowBands.For(height, width, (top, bottom) => BlurRows(source, across, width, kernel, top, bottom));
            RowBands.For(height, width, (top, bottom) => BlurColumns(across, target, width, height, kernel, top, bottom));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(across);
        }
    }

    private static void BlurRows(float[] source, float[] target, int width, float[] kernel, int top, int bottom)
    {
        var radius = kernel.Length / 2;
        var padded = new float[width + 2 * radius];
        for (var y = top; y < bottom; y++)
        {
            var row = source.AsSpan(y * width, width);
            padded.AsSpan(0, radius).Fill(row[0]);
            row.CopyTo(padded.AsSpan(radius));
            padded.AsSpan(radius + width).Fill(row[^1]);
            var output = target.AsSpan(y * width, width);
            // output[x] = Σ kernel[k] · padded[x + k]
            var x = 0;
            for (; x <= width - Vector<float>.Count; x += Vector<float>.Count)
            {
                var sum = Vector<float>.Zero;
                for (var k = 0; k < kernel.Length; k++)
                    sum += new Vector<float>(padded.AsSpan(x + k, Vector<float>.Count)) * kernel[k];
                sum.CopyTo(output[x..]);
            }
            for (; x < width; x++)
            {
                var sum = 0f;
                for (var k = 0; k < kernel.Length; k++) sum += padded[x + k] * kernel[k];
                output[x] = sum;
            }
        }
    }

    private static void BlurColumns(float[] source, float[] target, int width, int height, float[] kernel, int top, int bottom)
    {
        var radius = kernel.Length / 2;
        var rowStarts = new int[kernel.Length];
        for (var y = top; y < bottom; y++)
        {
            for (var k = 0; k < kernel.Length; k++) rowStarts[k] = Math.Clamp(y + k - radius, 0, height - 1) * width;
            var output = target.AsSpan(y * width, width);
            var x = 0;
            for (; x <= width - Vector<float>.Count; x += Vector<float>.Count)
            {
                var sum = Vector<float>.Zero;
                for (var k = 0; k < kernel.Length; k++)
                    sum += new Vector<float>(source.AsSpan(rowStarts[k] + x, Vector<float>.Count)) * kernel[k];
                sum.CopyTo(output[x..]);
            }
            for (; x < width; x++)
            {
                var sum = 0f;
                for (var k = 0; k < kernel.Length; k++) sum += source[rowStarts[k] + x] * kernel[k];
                output[x] = sum;
            }
        }
    }
}
