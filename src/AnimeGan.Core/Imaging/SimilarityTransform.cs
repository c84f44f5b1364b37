using System.Numerics;

namespace AnimeGan.Imaging;

/// <summary>
/// Rotation, uniform scale and translation: x' = A·x − B·y + Tx, y' = B·x + A·y + Ty. Faces are moved
/// between the photo, the landmark crop and the aligned crop with these; the inverse is exact.
/// </summary>
public readonly record struct SimilarityTransform(float A, float B, float Tx, float Ty)
{
    public float Scale => MathF.Sqrt(A * A + B * B);

    /// <summary>Counter-clockwise rotation in radians (image y points down, so positive turns clockwise on screen).</summary>
    public float Rotation => MathF.Atan2(B, A);

    public Vector2 Apply(Vector2 point) => new(A * point.X - B * point.Y + Tx, B * point.X + A * point.Y + Ty);

    /// <summary>This transform, then a shift by (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public SimilarityTransform Shifted(float x, float y) => this with { Tx = Tx + x, Ty = Ty + y };

    public SimilarityTransform Inverse()
    {
        var norm = A * A + B * B;
        var (a, b) = (A / norm, -B / norm);
        return new SimilarityTransform(a, b, -(a * Tx - b * Ty), -(b * Tx + a * Ty));
    }

    /// <summary>
    /// Maps a square of side <paramref name="side"/> centred on <paramref name="centre"/>, turned by
    /// <paramref name="rotation"/>, onto the output square [0, <paramref name="outputSide"/>]², upright.
    /// </summary>
    public static SimilarityTransform SquareCrop(Vector2 centre, float side, float rotation, int outputSide)
    {
        var scale = outputSide / side;
        var (a, b) = (scale * MathF.Cos(-rotation), scale * MathF.Sin(-rotation));
        var half = outputSide / 2f;
        return new SimilarityTransform(a, b, half - (a * centre.X - b * centre.Y), half - (b * centre.X + a * centre.Y));
    }

    /// <summary>The weighted least-squares similarity taking each point of <paramref name="from"/> to its partner in <paramref name="to"/> (Umeyama, no reflection).</summary>
    public static SimilarityTransform Fit(ReadOnlySpan<Vector2> from, ReadOnlySpan<Vector2> to, ReadOnlySpan<float> weights)
    {
        if (from.Length != to.Length || from.Length != weights.Length || from.Length < 2)
            throw new ArgumentException("a similarity fit needs two or more point pairs with one weight each");
        double total = 0, fx = 0, fy = 0, tx = 0, ty = 0;
        for (var i = 0; i < from.Length; i++)
        {
            total += weights[i];
            fx += weights[i] * from[i].X; fy += weights[i] * from[i].Y;
            tx += weights[i] * to[i].X; ty += weights[i] * to[i].Y;
        }
        (fx, fy, tx, ty) = (fx / total, fy / total, tx / total, ty / total);
        double dot = 0, cross = 0, spread = 0;
        for (var i = 0; i < from.Length; i++)
        {
            double px = from[i].X - fx, py = from[i].Y - fy, qx = to[i].X - tx, qy = to[i].Y - ty;
            dot += weights[i] * (px * qx + py * qy);
            cross += weights[i] * (px * qy - py * qx);
            spread += weights[i] * (px * px + py * py);
        }
        if (spread < 1e-9) throw new ArgumentException("the points to fit all coincide");
        var (a, b) = (dot / spread, cross / spread);
        return new SimilarityTransform((float)a, (float)b, (float)(tx - (a * fx - b * fy)), (float)(ty - (b * fx + a * fy)));
    }
}
