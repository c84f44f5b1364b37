using AnimeGan.Looks;

namespace AnimeGan.Pipeline.Steps;

/// <summary>The look after the generator (<see cref="LookSettings"/>): strength, colour, LUT, grade, sharpening, glow.</summary>
public sealed class LookStage(LookSettings look) : IFrameStage
{
    /// <summary>The slowest operations (colour transfer, glow) take about 40 ms a megapixel each here (BENCHMARKS.md, "Look controls").</summary>
    private const double MillisecondsPerMegapixel = 60;

    public StageInfo Info => Stages.Look;

    public double EstimateMs(int width, int height) => MillisecondsPerMegapixel * width * height / 1e6;

    public void Run(Frame frame, IProgress<double>? progress, CancellationToken cancellation) =>
        frame.Picture = look.Apply(frame.Picture, frame.Photo);
}
