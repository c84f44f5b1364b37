using System.Diagnostics;
using System.Runtime.ExceptionServices;
using AnimeGan.Imaging;
using AnimeGan.Inference;

namespace AnimeGan.Faces;

/// <summary>What face protection did to one picture: the repainted picture, the faces (smallest first) and the mask each was blended through.</summary>
public sealed record FacePainting(PixelBuffer Result, IReadOnlyList<Face> Faces, IReadOnlyList<FaceMask> Masks);

/// <summary>
/// face2paint: find every face (detector, then landmarks), cut each one out upright at a size that fits
/// it (at most 512 px; a crowd's faces share a budget: <see cref="FaceAligner.ForPicture"/>), stylize it on its own, and blend it back over
/// the stylized picture, largest last so it wins where faces overlap. A picture without faces costs the
/// detector pass and comes back unchanged. The face models are built once and shared (they belong to
/// the model store); this class holds no state.
/// </summary>
/// <param name="aligner">One crop size for every face (tests, benchmarks); by default each face gets its own.</param>
public sealed class FacePainter(FaceModels models, FaceAligner? aligner = null)
{
    private readonly FaceCompositor _compositor = new();

    /// <summary>The faces in <paramref name="picture"/>, detector and landmarks agreeing, in picture pixels.</summary>
    /// <remarks>Faces are located in parallel, a core each, in the detector's order: each landmark run is on one thread (<see cref="FaceLandmarker"/>).</remarks>
    public IReadOnlyList<Face> Find(PixelBuffer picture, FaceSettings settings, CancellationToken cancellation = default)
    {
        var detections = models.Detector.Detect(picture, settings.Threshold, settings.MinSize);
        try
        {
            return detections.AsParallel().AsOrdered().WithCancellation(cancellation)
                .Select(detection => models.Landmarker.Locate(picture, detection))
                .OfType<Face>()
                .ToList();
        }
        catch (AggregateException failed) when (failed.InnerExceptions.Count == 1)
        {
            // One face's failure reads as it would have without the parallel loop around it.
            ExceptionDispatchInfo.Throw(failed.InnerExceptions[0]);
            throw;
        }
    }

    /// <summary>
    /// What painting <paramref name="faces"/> of a <paramref name="width"/> × <paramref name="height"/>
    /// picture with <paramref name="faceStyle"/> should cost here: each face's generator run at its crop's
    /// size, at the rate the model has shown so far.
    /// </summary>
    public double EstimateMs(IReadOnlyList<Face> faces, ImageModel faceStyle, FaceSettings settings, int width, int height) =>
        Crops(faces, faceStyle, settings, (long)width * height).Sum(crop => crop.Cost);

    /// <summary>
    /// Repaints the faces of <paramref name="picture"/> (the photo at working size) over <paramref name="styled"/>
    /// (its whole-picture stylization, same size) with <paramref name="faceStyle"/>: the faces
    /// <paramref name="found"/> before, or those it finds now. Progress: the finding weighs what it took,
    /// each face what its generator run should take (<see cref="EstimateMs"/>). In a clip,
    /// <paramref name="smoother"/> steadies the faces from frame to frame.
    /// </summary>
    public FacePainting Paint(PixelBuffer picture, PixelBuffer styled, ImageModel faceStyle, FaceSettings settings,
        IProgress<double>? progress = null, CancellationToken cancellation = default, FaceSmoother? smoother = null,
        IReadOnlyList<Face>? found = null)
    {
        if (picture.Width != styled.Width || picture.Height != styled.Height)
            throw new ArgumentException($"the stylized picture {styled} does not match the photo {picture}");
        var started = Stopwatch.GetTimestamp();
        found ??= Find(picture, settings, cancellation);
        var finding = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var faces = (smoother?.Smooth(found) ?? found).OrderBy(f => f.Box.Area).ToList();
        var crops = Crops(faces, faceStyle, settings, (long)picture.Width * picture.Height);
        var total = Math.Max(1e-9, finding + crops.Sum(crop => crop.Cost));
        progress?.Report(finding / total);
        if (faces.Count == 0) return new FacePainting(styled, [], []);
        var canvas = styled.Clone();
        var masks = new List<FaceMask>(faces.Count);
        var done = finding;
        foreach (var (face, fitted, cost) in crops)
        {
            cancellation.ThrowIfCancellationRequested();
            var aligned = fitted.Align(picture, face);
            var styledCrop = faceStyle.Run(aligned.Crop, ProgressSpan.Of(progress, done / total, (done + cost) / total), cancellation);
            masks.Add(_compositor.Composite(canvas, styledCrop, aligned, face.Outline));
            done += cost;
        }
        return new FacePainting(canvas, faces, masks);
    }

    /// <summary>
    /// The aligner each of <paramref name="faces"/> is cut with: the one this painter was given; else
    /// <see cref="FaceAligner.ForPicture"/> (a crowd's faces share a budget of the picture's
    /// <paramref name="picturePixels"/>), or each face's own when <paramref name="settings"/> turn the budget off.
    /// </summary>
    public IReadOnlyList<FaceAligner> AlignersFor(IReadOnlyList<Face> faces, ImageModel faceStyle, FaceSettings settings, long picturePixels)
    {
        var multiple = faceStyle.Contract.SizeMultiple;
        return aligner is not null ? faces.Select(_ => aligner.For(multiple)).ToList()
            : settings.Budget ? FaceAligner.ForPicture(faces, multiple, picturePixels)
            : faces.Select(face => FaceAligner.Fitting(face.Landmarks, multiple)).ToList();
    }

    /// <summary>Each face with its aligner (<see cref="AlignersFor"/>) and what its generator run should take.</summary>
    private List<(Face Face, FaceAligner Aligner, double Cost)> Crops(IReadOnlyList<Face> faces, ImageModel faceStyle, FaceSettings settings, long picturePixels) =>
        faces.Zip(AlignersFor(faces, faceStyle, settings, picturePixels), (face, fitted) =>
        {
            var (_, _, width, height) = fitted.Window(face);
            return (face, fitted, faceStyle.EstimateMs(width, height));
        }).ToList();
}
