using System.Numerics;
using AnimeGan.Imaging;
using AnimeGan.Inference;

namespace AnimeGan.Faces;

/// <summary>
/// MediaPipe FaceMesh on a square crop around a detected face: 468 landmarks, of which five align the
/// face, and a face flag that rejects detections that are not faces. As in MediaPipe, the crop is the
/// box grown by half; a second pass on a crop drawn from the first pass's landmarks, turned upright by
/// the eye line, gives the final points (FaceMesh is trained on upright, landmark-framed faces).
/// </summary>
public sealed class FaceLandmarker : IDisposable
{
    public const int InputSide = 192;
    public const int MeshPoints = 468;

    /// <summary>Crop side over the face's extent (MediaPipe's ROI scale).</summary>
    public const float CropGrowth = 1.5f;

    /// <summary>Face-flag probability below which a detection is dropped.</summary>
    public const float MinFaceFlag = 0.5f;

    // FaceMesh indices: eye corners (33, 133) and (263, 362), nose tip 1, mouth corners 61 and 291.
    private const int LeftEyeOuter = 33, LeftEyeInner = 133, RightEyeOuter = 263, RightEyeInner = 362, NoseTip = 1, MouthLeft = 61, MouthRight = 291;

    private readonly FaceModelSession _model;

    /// <summary>
    /// FaceMesh runs on one thread: at 192² it is too small to share (20 runs took 49–60 ms on two
    /// threads, 31–48 ms on one, on the 2-core machine here), and the faces of a picture are located in
    /// parallel instead, a core each (<see cref="FacePainter.Find"/>).
    /// </summary>
    public FaceLandmarker(string modelPath, InferenceSettings settings) =>
        _model = new FaceModelSession(modelPath, settings with { Threads = 1 }, InputSide, InputSide, "landmarks", "face_flag");

    /// <summary>The face the detection points at, or null when FaceMesh says it is not a face.</summary>
    public Face? Locate(PixelBuffer photo, FaceDetection detection)
    {
        var box = detection.Box;
        var first = Run(photo, box.Centre, CropGrowth * Math.Max(box.Width, box.Height), 0f);
        if (first.Flag < MinFaceFlag) return null;
        var roll = FivePoints(first.Mesh).Roll;
        var (centre, extent) = UprightExtent(first.Mesh, roll);
        var second = Run(photo, centre, CropGrowth * extent, roll);
        if (second.Flag < MinFaceFlag) return null;
        return new Face(box, detection.Score, FivePoints(second.Mesh), ConvexHull.Of(second.Mesh));
    }

    /// <summary>FaceMesh on the square (<paramref name="centre"/>, <paramref name="side"/>, turned by <paramref name="rotation"/>); the mesh in photo pixels.</summary>
    private (Vector2[] Mesh, float Flag) Run(PixelBuffer photo, Vector2 centre, float side, float rotation)
    {
        var toCrop = SimilarityTransform.SquareCrop(centre, side, rotation, InputSide);
        var crop = BicubicWarp.Warp(photo, toCrop, 0, 0, InputSide, InputSide);
        using var outputs = _model.Run(crop, 1f / 255f, 0f);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        var flag = 1f / (1f + MathF.Exp(-outputs[1].GetTensorDataAsSpan<float>()[0]));
        var toPhoto = toCrop.Inverse();
        var mesh = new Vector2[MeshPoints];
        for (var i = 0; i < MeshPoints; i++) mesh[i] = toPhoto.Apply(new Vector2(values[3 * i], values[3 * i + 1]));
        return (mesh, flag);
    }

    private static FaceLandmarks FivePoints(Vector2[] mesh) => new(
        (mesh[LeftEyeOuter] + mesh[LeftEyeInner]) / 2,
        (mesh[RightEyeOuter] + mesh[RightEyeInner]) / 2,
        mesh[NoseTip],
        mesh[MouthLeft],
        mesh[MouthRight]);

    /// <summary>The centre and longer side of the mesh's bounding box in the frame turned upright by <paramref name="roll"/>.</summary>
    private static (Vector2 Centre, float Extent) UprightExtent(Vector2[] mesh, float roll)
    {
        var upright = new SimilarityTransform(MathF.Cos(roll), -MathF.Sin(roll), 0, 0);
        var (min, max) = (new Vector2(float.MaxValue), new Vector2(float.MinValue));
        foreach (var point in mesh)
        {
            var p = upright.Apply(point);
            (min, max) = (Vector2.Min(min, p), Vector2.Max(max, p));
        }
        var size = max - min;
        return (upright.Inverse().Apply((min + max) / 2), Math.Max(size.X, size.Y));
    }

    public void Dispose() => _model.Dispose();
}
