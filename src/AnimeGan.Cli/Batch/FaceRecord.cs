using AnimeGan.Faces;

namespace AnimeGan.Cli.Batch;

/// <summary>A repainted face in a --json record: box, detector score and the five alignment points, in the photo's pixels.</summary>
public sealed record FaceRecord(FaceRecord.Rectangle Box, double Score, FaceRecord.FivePoints Landmarks)
{
    public readonly record struct Rectangle(double X, double Y, double Width, double Height);

    /// <summary>Each point as [x, y]; left and right as seen in the picture.</summary>
    public sealed record FivePoints(double[] LeftEye, double[] RightEye, double[] NoseTip, double[] MouthLeft, double[] MouthRight);

    public static FaceRecord From(Face face)
    {
        var (box, points) = (face.Box, face.Landmarks);
        return new FaceRecord(
            new Rectangle(Round(box.Left), Round(box.Top), Round(box.Width), Round(box.Height)),
            Math.Round(face.Score, 3),
            new FivePoints(Point(points.LeftEye), Point(points.RightEye), Point(points.NoseTip), Point(points.MouthLeft), Point(points.MouthRight)));
    }

    private static double[] Point(System.Numerics.Vector2 point) => [Round(point.X), Round(point.Y)];

    private static double Round(float value) => Math.Round(value, 1);
}
