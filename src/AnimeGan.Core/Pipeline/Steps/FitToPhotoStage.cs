using AnimeGan.Imaging;

namespace AnimeGan.Pipeline.Steps;

/// <summary>
/// --keep-size: the picture resampled (Lanczos) to the photo's own dimensions. After an upscale
/// (<paramref name="onlyToShrink"/>) only when the photo is the smaller: a learned enlargement is never
/// undone by a blurry one.
/// </summary>
public sealed class FitToPhotoStage(bool onlyToShrink) : IFrameStage
{
    private const double MillisecondsPerMegapixel = 30;

    public StageInfo Info => Stages.Resize;

    public double EstimateMs(int width, int height) => MillisecondsPerMegapixel * width * height / 1e6;

    public (int Width, int Height) SizeAfter(int width, int height, (int Width, int Height) original) =>
        onlyToShrink && (long)original.Width * original.Height > (long)width * height ? (width, height) : original;

    public void Run(Frame frame, IProgress<double>? progress, CancellationToken cancellation)
    {
        var (width, height) = SizeAfter(frame.Picture.Width, frame.Picture.Height, frame.OriginalSize);
        if ((frame.Picture.Width, frame.Picture.Height) != (width, height)) frame.Picture = Resampler.Resize(frame.Picture, width, height);
    }
}
