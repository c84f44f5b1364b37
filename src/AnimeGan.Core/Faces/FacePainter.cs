using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;

namespace AnimeGan.Faces;

/// <summary>What face protection did to one picture: the repainted picture, the faces (smallest first) and the mask each was blended through.</summary>
public sealed record FacePainting(PixelBuffer Result, IReadOnlyList<Face> Faces, IReadOnlyList<FaceMask> Masks);

/// <summary>
/// face2paint: find every face (detector, then landmarks), cut each one out upright at 512 px, stylize
/// it on its own, and blend it back over the stylized picture, largest last so it wins where faces
/// overlap. A picture without faces costs the detector pass and comes back unchanged. Models and
/// generators come from the <see cref="ModelStore"/>, built once and shared; this class holds no state.
/// A separate face style runs at <paramref name="precision"/>, like the picture's generator.
/// </summary>
public sealed class FacePainter(ModelStore models, FaceAligner? aligner = null, ModelPrecision precision = ModelPrecision.Fp32)
{
    private readonly FaceAligner _aligner = aligner ?? new FaceAligner();
    private readonly FaceCompositor _compositor = new();

    /// <summary>
    /// Loads what <paramref name="settings"/> need (face models, the face style) so that a missing or
    /// unknown model is reported before any picture is processed. Returns the generator faces are painted with.
    /// </summary>
    public Stylizer Prepare(FaceSettings settings, Stylizer pictureStyle)
    {
        settings.Validate();
        try
        {
            models.GetFaceModels();
        }
        catch (ModelNotFoundException e)
        {
            throw new ModelNotFoundException($"{e.Message}{Environment.NewLine}Face protection needs this model; install it, or convert without face protection (--no-faces).");
        }
        if (settings.Style is null) return pictureStyle;
        try
        {
            return models.GetStylizer(settings.Style, precision);
        }
        catch (UnknownModelException e)
        {
            throw new UnknownModelException($"face style: {e.Message}");
        }
        catch (ModelNotFoundException e)
        {
            throw new ModelNotFoundException($"face style: {e.Message}");
        }
    }

    /// <summary>The faces in <paramref name="picture"/>, detector and landmarks agreeing, in picture pixels.</summary>
    public IReadOnlyList<Face> Find(PixelBuffer picture, FaceSettings settings, CancellationToken cancellation = default)
    {
        var faceModels = models.GetFaceModels();
        var faces = new List<Face>();
        foreach (var detection in faceModels.Detector.Detect(picture, settings.Threshold, settings.MinSize))
        {
            cancellation.ThrowIfCancellationRequested();
            if (faceModels.Landmarker.Locate(picture, detection) is { } face) faces.Add(face);
        }
        return faces;
    }

    /// <summary>
    /// Repaints the faces of <paramref name="picture"/> (the photo at working size) over <paramref name="styled"/>
    /// (its whole-picture stylization, same size). <paramref name="pictureStyle"/> is the whole picture's generator.
    /// </summary>
    public FacePainting Paint(PixelBuffer picture, PixelBuffer styled, Stylizer pictureStyle, FaceSettings settings,
        CancellationToken cancellation = default)
    {
        if (picture.Width != styled.Width || picture.Height != styled.Height)
            throw new ArgumentException($"the stylized picture {styled} does not match the photo {picture}");
        var faceStyle = Prepare(settings, pictureStyle);
        var faces = Find(picture, settings, cancellation).OrderBy(f => f.Box.Area).ToList();
        if (faces.Count == 0) return new FacePainting(styled, [], []);
        var canvas = styled.Clone();
        var masks = new List<FaceMask>(faces.Count);
        foreach (var face in faces)
        {
            cancellation.ThrowIfCancellationRequested();
            var aligned = _aligner.Align(picture, face.Landmarks);
            var styledCrop = faceStyle.Stylize(aligned.Crop, cancellation: cancellation);
            masks.Add(_compositor.Composite(canvas, styledCrop, aligned, face.Outline));
        }
        return new FacePainting(canvas, faces, masks);
    }
}
