using System.Numerics;

namespace AnimeGan.Faces;

/// <summary>
/// The five points faces are aligned by, in pixels. Left and right are as seen in the picture
/// (<see cref="LeftEye"/> is the eye nearer the picture's left edge).
/// </summary>
public sealed record FaceLandmarks(Vector2 LeftEye, Vector2 RightEye, Vector2 NoseTip, Vector2 MouthLeft, Vector2 MouthRight)
{
    public Vector2[] ToArray() => [LeftEye, RightEye, NoseTip, MouthLeft, MouthRight];

    public static FaceLandmarks FromArray(ReadOnlySpan<Vector2> points) =>
        points.Length == 5 ? new(points[0], points[1], points[2], points[3], points[4])
            : throw new ArgumentException("five points: left eye, right eye, nose tip, left and right mouth corner");

    public FaceLandmarks Map(Func<Vector2, Vector2> map) => new(map(LeftEye), map(RightEye), map(NoseTip), map(MouthLeft), map(MouthRight));

    /// <summary>The angle of the line from the left to the right eye, in radians (clockwise on screen is positive).</summary>
    public float Roll => MathF.Atan2(RightEye.Y - LeftEye.Y, RightEye.X - LeftEye.X);
}

/// <summary>
/// A face found in a picture: the detector's box and score, the five alignment points, and the face's
/// outline (the convex hull of the landmark mesh), all in the picture's pixels.
/// </summary>
public sealed record Face(FaceBox Box, float Score, FaceLandmarks Landmarks, IReadOnlyList<Vector2> Outline)
{
    /// <summary>The same face in a picture resized by the given factors.</summary>
    public Face Scale(float horizontal, float vertical)
    {
        var factor = new Vector2(horizontal, vertical);
        return new(Box.Scale(horizontal, vertical), Score, Landmarks.Map(p => p * factor), Outline.Select(p => p * factor).ToList());
    }
}
