using System.Numerics;

namespace AnimeGan.Faces;

/// <summary>The convex hull of a point set (Andrew's monotone chain), counter-clockwise in image coordinates.</summary>
internal static class ConvexHull
{
    public static IReadOnlyList<Vector2> Of(IEnumerable<Vector2> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToArray();
        if (sorted.Length < 3) return sorted;
        var hull = new Vector2[2 * sorted.Length];
        var count = 0;
        foreach (var point in sorted)
        {
            while (count >= 2 && Cross(hull[count - 2], hull[count - 1], point) <= 0) count--;
            hull[count++] = point;
        }
        var lower = count + 1;
        for (var i = sorted.Length - 2; i >= 0; i--)
        {
            while (count >= lower && Cross(hull[count - 2], hull[count - 1], sorted[i]) <= 0) count--;
            hull[count++] = sorted[i];
        }
        return hull[..(count - 1)];
    }

    private static float Cross(Vector2 origin, Vector2 a, Vector2 b) =>
        (a.X - origin.X) * (b.Y - origin.Y) - (a.Y - origin.Y) * (b.X - origin.X);
}
