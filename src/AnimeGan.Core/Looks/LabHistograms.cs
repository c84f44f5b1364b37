using System.Numerics;
using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>
/// The distribution of an image's colours per L*a*b* channel, as cumulative histograms (CDFs) over
/// fixed ranges, read with linear interpolation inside bins. Large images are sampled on a regular
/// grid of at most <see cref="MaxSamples"/> pixels, which puts the CDFs within about 0.003 of the exact ones.
/// </summary>
public sealed class LabHistograms
{
    public const int Bins = 1024;
    public const int MaxSamples = 1 << 17;

    /// <summary>Value ranges of L, a and b (sRGB colours fall inside them).</summary>
    private static readonly (float Min, float Max)[] Ranges = [(0f, 100f), (-128f, 128f), (-128f, 128f)];

    // Per channel: Bins + 1 cumulative fractions at the bin edges, 0 at the first and 1 at the last.
    private readonly float[][] _cdf;

    // Per channel: the edge closing the highest occupied bin.
    private readonly int[] _top;

    private LabHistograms(float[][] cdf)
    {
        _cdf = cdf;
        _top = cdf.Select(c => Array.FindIndex(c, f => f >= 1f)).ToArray();
    }

    public static LabHistograms Of(PixelBuffer rgb)
    {
        if (rgb.Bands != 3) throw new ArgumentException("colour statistics need an RGB image", nameof(rgb));
        var stride = (int)Math.Ceiling(Math.Sqrt((double)rgb.Width * rgb.Height / MaxSamples));
        var counts = new[] { new long[Bins], new long[Bins], new long[Bins] };
        for (var y = stride / 2; y < rgb.Height; y += stride)
        {
            var row = rgb.Row(y);
            for (var x = stride / 2; x < rgb.Width; x += stride)
            {
                var lab = Lab.FromSrgbBytes(row[x * 3], row[x * 3 + 1], row[x * 3 + 2]);
                counts[0][Bin(0, lab.X)]++;
                counts[1][Bin(1, lab.Y)]++;
                counts[2][Bin(2, lab.Z)]++;
            }
        }
        return new LabHistograms(counts.Select(Cumulative).ToArray());
    }

    /// <summary>The fraction of pixels whose channel value is at most <paramref name="value"/>.</summary>
    public float Cdf(int channel, float value)
    {
        var (min, max) = Ranges[channel];
        var position = Math.Clamp((value - min) / (max - min) * Bins, 0f, Bins);
        var bin = Math.Min((int)position, Bins - 1);
        var cdf = _cdf[channel];
        return cdf[bin] + (position - bin) * (cdf[bin + 1] - cdf[bin]);
    }

    /// <summary>The channel value below which a fraction <paramref name="p"/> of the pixels lie (the inverse of <see cref="Cdf"/>).</summary>
    public float Quantile(int channel, float p)
    {
        var cdf = _cdf[channel];
        var (min, max) = Ranges[channel];
        var width = (max - min) / Bins;
        // The first edge whose CDF exceeds p closes the bin that holds p.
        int low = 1, high = Bins;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (cdf[middle] > p) high = middle;
            else low = middle + 1;
        }
        if (cdf[low] <= p) return min + _top[channel] * width; // p = 1
        var fraction = (p - cdf[low - 1]) / (cdf[low] - cdf[low - 1]);
        return min + (low - 1 + fraction) * width;
    }

    private static int Bin(int channel, float value)
    {
        var (min, max) = Ranges[channel];
        return Math.Clamp((int)((value - min) / (max - min) * Bins), 0, Bins - 1);
    }

    private static float[] Cumulative(long[] counts)
    {
        var total = (double)counts.Sum();
        var cdf = new float[Bins + 1];
        long running = 0;
        for (var i = 0; i < Bins; i++)
        {
            running += counts[i];
            cdf[i + 1] = (float)(running / total);
        }
        cdf[Bins] = 1f;
        return cdf;
    }

    /// <summary>
    /// The area between two images' CDFs over a channel (the earth mover's distance): how far, in channel
    /// units, values must move on average to turn one distribution into the other. Unlike the largest
    /// gap, it does not jump when a spike of identical pixels moves by a fraction of a level.
    /// </summary>
    public static float Distance(LabHistograms a, LabHistograms b, int channel)
    {
        var (min, max) = Ranges[channel];
        var area = 0.0;
        for (var i = 0; i <= Bins; i++) area += Math.Abs(a._cdf[channel][i] - b._cdf[channel][i]);
        return (float)(area * (max - min) / Bins);
    }

    /// <summary>
    /// The per-channel function that gives <paramref name="source"/>'s values the distribution of
    /// <paramref name="target"/>'s: target quantile of the source CDF, tabulated densely for speed.
    /// </summary>
    public static Func<Vector3, Vector3> Matching(LabHistograms source, LabHistograms target)
    {
        const int steps = 4 * Bins;
        var tables = Enumerable.Range(0, 3).Select(channel =>
        {
            var (min, max) = Ranges[channel];
            return Enumerable.Range(0, steps + 1)
                .Select(i => target.Quantile(channel, source.Cdf(channel, min + i * (max - min) / steps)))
                .ToArray();
        }).ToArray();

        float Lookup(int channel, float value)
        {
            var (min, max) = Ranges[channel];
            var position = Math.Clamp((value - min) / (max - min), 0f, 1f) * steps;
            var lower = Math.Min((int)position, steps - 1);
            var table = tables[channel];
            return table[lower] + (position - lower) * (table[lower + 1] - table[lower]);
        }

        return lab => new Vector3(Lookup(0, lab.X), Lookup(1, lab.Y), Lookup(2, lab.Z));
    }
}
