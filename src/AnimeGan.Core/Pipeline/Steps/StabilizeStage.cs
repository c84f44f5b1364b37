using AnimeGan.Imaging;
using AnimeGan.Video;

namespace AnimeGan.Pipeline.Steps;

/// <summary>
/// Steadies a clip: each frame's picture is blended with the previous finished frame carried onto it
/// by the input's optical flow, by <see cref="Weight"/> where the flow explains the input and not at
/// all where it does not (something moved in or out), so still parts stop flickering and moving parts
/// do not ghost. It remembers one frame, so a pipeline with it serves one clip, in order.
/// </summary>
public sealed class StabilizeStage : IFrameStage
{
    /// <summary>How much of the carried previous frame a steady pixel keeps (BENCHMARKS.md, "Video": chosen by the warping error and a look at crops).</summary>
    public const float Weight = 0.7f;

    /// <summary>Farneback flow on a 480p frame and the blend: about 60 ms a megapixel here.</summary>
    private const double MillisecondsPerMegapixel = 150;

    private PixelBuffer? _previousInput;
    private PixelBuffer? _previousOutput;

    public StageInfo Info => Stages.Stabilize;

    public double EstimateMs(int width, int height) => MillisecondsPerMegapixel * width * height / 1e6;

    public void Run(Frame frame, IProgress<double>? progress, CancellationToken cancellation)
    {
        var picture = frame.Picture;
        if (_previousInput is { } input && _previousOutput is { } output
            && (input.Width, input.Height, output.Width, output.Height) == (frame.Photo.Width, frame.Photo.Height, picture.Width, picture.Height))
        {
            using var flow = OpticalFlow.Between(input, frame.Photo);
            var carried = flow.Carry(output);
            var confidences = flow.Confidences();
            var blended = picture.Clone();
            for (var i = 0; i < confidences.Length; i++)
            {
                var weight = Weight * confidences[i];
                if (weight <= 0) continue;
                for (var p = i * 3; p < i * 3 + 3; p++)
                    blended.Data[p] = (byte)(picture.Data[p] + (carried.Data[p] - picture.Data[p]) * weight + 0.5f);
            }
            picture = blended;
        }
        (_previousInput, _previousOutput) = (frame.Photo, picture);
        frame.Picture = picture;
    }
}
