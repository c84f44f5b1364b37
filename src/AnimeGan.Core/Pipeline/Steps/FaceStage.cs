using AnimeGan.Faces;
using AnimeGan.Inference;

namespace AnimeGan.Pipeline.Steps;

/// <summary>
/// Face protection: each face found in the photo is repainted on its own (<see cref="FacePainter"/>)
/// over the painted picture; in a clip, with the faces steadied from frame to frame (<paramref name="smoother"/>).
/// </summary>
public sealed class FaceStage(FacePainter painter, ImageModel faceStyle, FaceSettings settings, FaceSmoother? smoother = null) : IFrameStage
{
    /// <summary>The detector's pass: about 25 ms at 512² and 185 ms at 2048² here (BENCHMARKS.md, "Faces").</summary>
    private const double DetectorMillisecondsPerMegapixel = 90;

    public StageInfo Info => Stages.Faces;

    /// <summary>Before looking: the detector, and one face's generator run (most photos with faces have one) over a whole 512 px square, which its cut to the mask only approaches.</summary>
    public double EstimateMs(int width, int height) =>
        DetectorMillisecondsPerMegapixel * width * height / 1e6 + faceStyle.EstimateMs(FaceAligner.MaxSize, FaceAligner.MaxSize);

    /// <summary>
    /// A photo's faces are found before the painting starts (a few tens of milliseconds), so each one
    /// weighs in the progress from the start: a group photo's faces can cost several paintings of the
    /// picture. The faces stay on the frame for the run. A clip's frames are estimated by their size:
    /// its faces are steadied from frame to frame as they are painted.
    /// </summary>
    public double EstimateMs(Frame frame, int width, int height)
    {
        if (smoother is not null) return EstimateMs(width, height);
        frame.FoundFaces ??= painter.Find(frame.Photo, settings);
        return painter.EstimateMs(frame.FoundFaces, faceStyle, settings, width, height);
    }

    public void Run(Frame frame, IProgress<double>? progress, CancellationToken cancellation)
    {
        var painting = painter.Paint(frame.Photo, frame.Picture, faceStyle, settings, progress, cancellation, smoother, frame.FoundFaces);
        frame.Picture = painting.Result;
        frame.Faces = painting;
    }
}
