using System.Numerics;

namespace AnimeGan.Faces;

/// <summary>An axis-aligned face box in pixel coordinates (continuous: pixel i spans [i, i+1)).</summary>
public readonly record struct FaceBox(float Left, float Top, float Right, float Bottom)
{
    public float Width => Right - Left;
    public float Height => Bottom - Top;
    public float Area => Math.Max(0f, Width) * Math.Max(0f, Height);
    public Vector2 Centre => new((Left + Right) / 2, (Top + Bottom) / 2);

    public bool Contains(Vector2 point) => point.X >= Left && point.X <= Right && point.Y >= Top && point.Y <= Bottom;

    public float Intersection(FaceBox other) =>
        new FaceBox(Math.Max(Left, other.Left), Math.Max(Top, other.Top), Math.Min(Right, other.Right), Math.Min(Bottom, other.Bottom)).Area;

    public float IntersectionOverUnion(FaceBox other)
    {
        var intersection = Intersection(other);
        var union = Area + other.Area - intersection;
        return union > 0 ? intersection / union : 0f;
    }

    public FaceBox ClipTo(int width, int height) =>
        new(Math.Clamp(Left, 0, width), Math.Clamp(Top, 0, height), Math.Clamp(Right, 0, width), Math.Clamp(Bottom, 0, height));

    public FaceBox Scale(float horizontal, float vertical) =>
        new(Left * horizontal, Top * vertical, Right * horizontal, Bottom * vertical);

    public FaceBox Offset(float x, float y) => new(Left + x, Top + y, Right + x, Bottom + y);
}
