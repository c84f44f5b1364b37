using AnimeGan.Imaging;
using AnimeGan.Inference;

namespace AnimeGan.Faces;

/// <summary>What face protection did to one picture: the repainted picture, the faces (smallest first) and the mask each was blended through.</summary>
public sealed record FacePainting(PixelBuffer Result, IReadOnlyList<Face> Faces, IReadOnlyList<FaceMask> Masks);

/// <summary>
/// face2paint: find every face (detector, then landmarks), cut each one out upright at a size that fits
/// it (at most 512 px: <see cref="FaceAligner.Fitting"/>), stylize it on its own, and blend it back over
/// the stylized picture, largest last so it wins where faces overlap. A picture without faces costs the
/// detector pass and comes back unchanged. The face models are built once and shared (they belong to
/// the model store); this class holds no state.
/// </summary>
/// <param name="aligner">One crop size for every face (tests, benchmarks); by default each face gets its own.</param>
public sealed class FacePainter(FaceModels models, FaceAligner? aligner = null)
{
    private readonly FaceCompositor _compositor = new();

    /// <summary>The faces in <paramref name="picture"/>, detector and landmarks agreeing, in picture pixels.</summary>
    public IReadOnlyList<Face> Find(PixelBuffer picture, FaceSettings settings, CancellationToken cancellation = default)
    {
        var faces = new List<Face>();
        foreach (var detection in models.Detector.Detect(picture, settings.Threshold, settings.MinSize))
        {
            cancellation.ThrowIfCancellationRequested();
            if (models.Landmarker.Locate(picture, detection) is { } face) faces.Add(face);
        }
        return faces;
    }

    /// <summary>
    /// Repaints the faces of <paramref name="picture"/> (the photo at working size) over <paramref name="styled"/>
    /// (its whole-picture stylization, same size) with <paramref name="faceStyle"/>. Progress: finding the
    /// faces is the first tenth, then each face an equal share. In a clip, <paramref name="smoother"/>
    /// steadies the faces from frame to frame.
    /// </summary>
    public FacePainting Paint(PixelBuffer picture, PixelBuffer styled, ImageModel faceStyle, FaceSettings settings,
        IProgress<double>? progress = null, CancellationToken cancellation = default, FaceSmoother? smoother = null)
    {
        if (picture.Width != styled.Width || picture.Height != styled.Height)
            throw new ArgumentException($"the stylized picture {styled} does not match the photo {picture}");
        var found = Find(picture, settings, cancellation);
        var faces = (smoother?.Smooth(found) ?? found).OrderBy(f => f.Box.Area).ToList();
        progress?.Report(0.1);
        if (faces.Count == 0) return new FacePainting(styled, [], []);
        var canvas = styled.Clone();
        var masks = new List<FaceMask>(faces.Count);
        foreach (var face in faces)
        {
            cancellation.ThrowIfCancellationRequested();
            var aligned = (aligner ?? FaceAligner.Fitting(face.Landmarks, faceStyle.Contract.SizeMultiple)).Align(picture, face.Landmarks);
            var styledCrop = faceStyle.Run(aligned.Crop, cancellation: cancellation);
            masks.Add(_compositor.Composite(canvas, styledCrop, aligned, face.Outline));
            progress?.Report(0.1 + 0.9 * masks.Count / faces.Count);
        }
        return new FacePainting(canvas, faces, masks);
    }
}
