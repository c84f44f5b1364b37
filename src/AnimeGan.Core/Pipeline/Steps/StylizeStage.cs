using AnimeGan.Inference;
using AnimeGan.Looks;

namespace AnimeGan.Pipeline.Steps;

/// <summary>The style generator paints the photo; with flip TTA it also paints the mirror image and averages.</summary>
public sealed class StylizeStage(ImageModel generator, bool tta) : IFrameStage
{
    public StageInfo Info => Stages.Stylize;

    public ImageModel Generator => generator;

    public double EstimateMs(int width, int height) => generator.EstimateMs(width, height) * (tta ? 2 : 1);

    public void Run(Frame frame, IProgress<double>? progress, CancellationToken cancellation) =>
        frame.Picture = tta
            ? FlipTta.Stylize(generator, frame.Photo, progress, cancellation)
            : generator.Run(frame.Photo, progress, cancellation);
}
