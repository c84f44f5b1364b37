using System.Numerics;

namespace AnimeGan.Faces;

/// <summary>
/// Keeps the faces of a clip from jittering: each face found in a frame is matched with the face it
/// overlaps most in the previous frame, and its landmarks and outline move only part of the way to
/// where the detector puts them now (an exponential moving average). A face seen for the first time is
/// taken as it is. One smoother follows one clip, frame after frame.
/// </summary>
public sealed class FaceSmoother
{
    /// <summary>How much of the new position a frame takes; the rest is the face's smoothed position so far.</summary>
    private const float Follow = 0.4f;

    /// <summary>Overlap (intersection over union) from which two boxes are the same face.</summary>
    private const float SameFace = 0.3f;

    private IReadOnlyList<Face> _previous = [];

    public IReadOnlyList<Face> Smooth(IReadOnlyList<Face> found)
    {
        var smoothed = found.Select(face =>
        {
            var match = _previous.MaxBy(p => p.Box.IntersectionOverUnion(face.Box));
            if (match is null || match.Box.IntersectionOverUnion(face.Box) < SameFace || match.Outline.Count != face.Outline.Count) return face;
            Vector2 Towards(Vector2 was, Vector2 now) => Vector2.Lerp(was, now, Follow);
            var landmarks = FaceLandmarks.FromArray(match.Landmarks.ToArray().Zip(face.Landmarks.ToArray(), Towards).ToArray());
            var box = new FaceBox(Lerp(match.Box.Left, face.Box.Left), Lerp(match.Box.Top, face.Box.Top), Lerp(match.Box.Right, face.Box.Right), Lerp(match.Box.Bottom, face.Box.Bottom));
            return new Face(box, face.Score, landmarks, match.Outline.Zip(face.Outline, Towards).ToList());
        }).ToList();
        _previous = smoothed;
        return smoothed;
    }

    private static float Lerp(float was, float now) => was + (now - was) * Follow;
}
