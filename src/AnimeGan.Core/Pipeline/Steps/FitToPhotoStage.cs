using AnimeGan.Imaging;

namespace AnimeGan.Pipeline.Steps;

/// <summary>--keep-size: the picture resampled (Lanczos) to the photo's own dimensions.</summary>
public sealed class FitToPhotoStage : IFrameStage
{
    private const double MillisecondsPerMegapixel = 30;

    public StageInfo Info => Stages.Resize;

    public double EstimateMs(int width, int height) => MillisecondsPerMegapixel * width * height / 1e6;

    public (int Width, int Height) SizeAfter(int width, int height, Frame frame) => frame.OriginalSize;

    public void Run(Frame frame, IProgress<double>? progress, CancellationToken cancellation)
    {
        var (width, height) = frame.OriginalSize;
        if ((frame.Picture.Width, frame.Picture.Height) != (width, height)) frame.Picture = Resampler.Resize(frame.Picture, width, height);
    }
}
