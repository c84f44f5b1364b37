using AnimeGan.Faces;
using AnimeGan.Imaging;

namespace AnimeGan.Pipeline;

/// <summary>
/// One picture on its way through the <see cref="FramePipeline"/>: a photo, or a frame of a video. The
/// stages read the photo and replace the picture, one after another.
/// </summary>
public sealed class Frame(PixelBuffer photo, (int Width, int Height) originalSize)
{
    /// <summary>The photo at the working size: what the generator paints, faces are found in, and strength blends back.</summary>
    public PixelBuffer Photo { get; } = photo;

    /// <summary>The picture so far; the photo itself until the first stage runs.</summary>
    public PixelBuffer Picture { get; set; } = photo;

    /// <summary>The photo's own size, before it was brought to the working size.</summary>
    public (int Width, int Height) OriginalSize { get; } = originalSize;

    /// <summary>
    /// The picture as the painting stages left it, before the finishing ones (<see cref="StageInfo.Finishes"/>):
    /// what a new look starts from. Null until the pipeline has run.
    /// </summary>
    public PixelBuffer? Painted { get; set; }

    /// <summary>
    /// The faces in the photo, found before the painting began so that the progress can weigh each one
    /// (<see cref="IFrameStage.EstimateMs(Frame, int, int)"/>); null until then, or when nothing looked.
    /// </summary>
    public IReadOnlyList<Face>? FoundFaces { get; set; }

    /// <summary>What the face stage found and did; null when it did not run.</summary>
    public FacePainting? Faces { get; set; }
}
