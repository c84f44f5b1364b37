using System.Numerics;
using AnimeGan.Imaging;

namespace AnimeGan.Faces;

/// <summary>
/// How much of a repainted face shows at each pixel (0–255) over the rectangle of the picture it touches;
/// zero everywhere outside. <see cref="Left"/> and <see cref="Top"/> place the rectangle in the picture.
/// </summary>
public sealed record FaceMask(int Left, int Top, PixelBuffer Alpha)
{
    public byte At(int x, int y)
    {
        var (u, v) = (x - Left, y - Top);
        return u >= 0 && v >= 0 && u < Alpha.Width && v < Alpha.Height ? Alpha.Data[v * Alpha.Width + u] : (byte)0;
    }

    /// <summary>
    /// The feathered face shape in the aligned crop: the face outline pushed out by
    /// <paramref name="dilation"/> (a fraction of its size), filled, blurred by <paramref name="feather"/> pixels,
    /// and faded to zero at the crop's edges, where the crop holds repeated border pixels rather than picture.
    /// </summary>
    internal static PixelBuffer Draw(IReadOnlyList<Vector2> outline, int size, float dilation, float feather)
    {
        var centre = outline.Aggregate(Vector2.Zero, (sum, p) => sum + p) / outline.Count;
        var grown = outline.Select(p => centre + (p - centre) * (1 + dilation)).ToArray();
        var filled = new PixelBuffer(size, size, 1);
        Span<float> crossings = stackalloc float[2];
        for (var y = 0; y < size; y++)
        {
            // The outline is convex: each row crosses it at most at two points.
            var rowCentre = y + 0.5f;
            var (from, to) = (float.MaxValue, float.MinValue);
            for (var i = 0; i < grown.Length; i++)
            {
                var (a, b) = (grown[i], grown[(i + 1) % grown.Length]);
                if ((a.Y <= rowCentre) == (b.Y <= rowCentre)) continue;
                var x = a.X + (rowCentre - a.Y) / (b.Y - a.Y) * (b.X - a.X);
                (from, to) = (Math.Min(from, x), Math.Max(to, x));
            }
            var (first, last) = (Math.Max(0, (int)MathF.Ceiling(from - 0.5f)), Math.Min(size - 1, (int)MathF.Floor(to - 0.5f)));
            if (first <= last) filled.Row(y)[first..(last + 1)].Fill(255);
        }
        var mask = Blur.Gaussian(filled, feather);
        var fade = 2 * feather;
        for (var y = 0; y < size; y++)
        {
            var row = mask.Row(y);
            var fromEdgeY = Math.Min(y, size - 1 - y);
            for (var x = 0; x < size; x++)
            {
                var fromEdge = Math.Min(fromEdgeY, Math.Min(x, size - 1 - x));
                if (fromEdge < fade) row[x] = (byte)(row[x] * fromEdge / fade);
            }
        }
        return mask;
    }
}
