using AnimeGan.Inference;

namespace AnimeGan.Pipeline.Steps;

/// <summary>HD: the finished picture enlarged by a learned upscaler (an image model whose contract has a scale above 1), tile by tile.</summary>
public sealed class UpscaleStage(ImageModel upscaler) : IFrameStage
{
    public StageInfo Info => Stages.Upscale;

    public double EstimateMs(int width, int height) => upscaler.EstimateMs(width, height);

    public (int Width, int Height) SizeAfter(int width, int height, (int Width, int Height) original) =>
        (width * upscaler.Scale, height * upscaler.Scale);

    public void Run(Frame frame, IProgress<double>? progress, CancellationToken cancellation) =>
        frame.Picture = upscaler.Run(frame.Picture, progress, cancellation);
}
