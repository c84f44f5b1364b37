using AnimeGan.Imaging;
using AnimeGan.Inference;

namespace AnimeGan.Pipeline.Steps;

/// <summary>
/// HD: the finished picture enlarged, by a learned upscaler (an image model whose contract has a scale
/// above 1, run tile by tile) or by Lanczos-3 resampling.
/// </summary>
public sealed class UpscaleStage : IFrameStage
{
    /// <summary>Lanczos-3 by ImageMagick: about 60 ms a megapixel of output here.</summary>
    private const double LanczosMillisecondsPerOutputMegapixel = 60;

    private readonly ImageModel? _upscaler;
    private readonly int _scale;

    public UpscaleStage(ImageModel upscaler) => (_upscaler, _scale) = (upscaler, upscaler.Scale);

    /// <summary>Lanczos resampling by <paramref name="scale"/>.</summary>
    public UpscaleStage(int scale) => _scale = scale;

    public StageInfo Info => Stages.Upscale;

    public double EstimateMs(int width, int height) =>
        _upscaler?.EstimateMs(width, height) ?? LanczosMillisecondsPerOutputMegapixel * width * height * _scale * _scale / 1e6;

    public (int Width, int Height) SizeAfter(int width, int height, (int Width, int Height) original) => (width * _scale, height * _scale);

    public void Run(Frame frame, IProgress<double>? progress, CancellationToken cancellation)
    {
        var (width, height) = (frame.Picture.Width * _scale, frame.Picture.Height * _scale);
        frame.Picture = _upscaler?.Run(frame.Picture, progress, cancellation) ?? Resampler.EnlargeLanczos(frame.Picture, width, height);
    }
}
