using AnimeGan.Imaging;

namespace AnimeGan.Pipeline;

/// <summary>
/// The stages one set of settings calls for, in order (stylize → faces → look → stabilize → upscale →
/// resize), each a small type with one job. A photo, a video frame or an API upload goes through the
/// same pipeline: pixels at the working size in, the finished picture out. Built by
/// <see cref="FramePipelineBuilder"/>. For photos it keeps nothing between pictures, so one pipeline
/// serves a whole batch; for a clip, one pipeline follows its frames in order (steadying the motion and
/// the faces remembers the previous frame).
/// </summary>
public sealed class FramePipeline(ConversionSettings settings, string style, int sizeMultiple, IReadOnlyList<IFrameStage> stages)
{
    /// <summary>The settings it was built from.</summary>
    public ConversionSettings Settings { get; } = settings;

    /// <summary>The style that paints: the settings' own, or the default it stood for; a model file's name for --model.</summary>
    public string Style { get; } = style;

    public IReadOnlyList<IFrameStage> Stages { get; } = stages;

    /// <summary>Pictures need this many pixels on their shorter side, at their own size and at the working size.</summary>
    public const int MinimumSide = 16;

    /// <summary>
    /// The size a picture of <paramref name="width"/> × <paramref name="height"/> is painted at: capped, and
    /// rounded to the generator's multiple. A picture too small to paint (a 1×1), or so thin that at the
    /// working size its short side would round to a multiple far from its own and distort it (a 3×20000
    /// strip), is refused rather than stretched.
    /// </summary>
    public (int Width, int Height) WorkingSizeFor(int width, int height)
    {
        var scale = Math.Min(1.0, (double)Settings.MaxSize / Math.Max(width, height));
        if (Math.Min(width, height) < MinimumSide)
            throw new ImageRejectedException(ImageRejection.TooSmall,
                $"the picture is {width}x{height}; pictures need at least {MinimumSide} pixels on each side");
        if (Math.Min(width, height) * scale < MinimumSide)
            throw new ImageRejectedException(ImageRejection.TooSmall,
                $"the picture is {width}x{height}, too thin to paint at {Settings.MaxSize} px: its short side would be under {MinimumSide} px; use a larger size or crop it");
        return WorkingSize.For(width, height, Settings.MaxSize, sizeMultiple);
    }

    /// <summary>
    /// Each stage's estimated cost on a photo of <paramref name="original"/> size, following the picture's
    /// size through the stages, and the size of the finished picture. <paramref name="finishOnly"/>: the
    /// finishing stages' estimates only, as <see cref="Run"/> runs them for a new look. With
    /// <paramref name="frame"/> (the photo read at the working size), stages may look at the photo itself
    /// (the faces in it), in the time of their own stage in <paramref name="timings"/>.
    /// </summary>
    public (IReadOnlyList<(StageInfo Stage, double EstimateMs)> Stages, (int Width, int Height) Output) Plan((int Width, int Height) original,
        bool finishOnly = false, Frame? frame = null, StageTimings? timings = null)
    {
        var (width, height) = WorkingSizeFor(original.Width, original.Height);
        var estimates = new List<(StageInfo, double)>();
        foreach (var stage in Stages)
        {
            var (stageWidth, stageHeight) = (width, height);
            if (stage.Info.Finishes || !finishOnly)
                estimates.Add((stage.Info, frame is null ? stage.EstimateMs(width, height)
                    : (timings ?? new StageTimings()).Measure(stage.Info.Name, () => stage.EstimateMs(frame, stageWidth, stageHeight))));
            (width, height) = stage.SizeAfter(width, height, original);
        }
        return (estimates, (width, height));
    }

    /// <summary>
    /// Runs every stage on <paramref name="frame"/>, timing each, and keeps the painted picture on the way
    /// (<see cref="Frame.Painted"/>); cancellation is checked between stages and inside the long ones.
    /// <paramref name="finishOnly"/>: the frame's picture is painted already (a new look on a converted
    /// photo), so only the finishing stages run on it.
    /// </summary>
    public void Run(Frame frame, StageTimings timings, ProgressPlan? progress = null, CancellationToken cancellation = default, bool finishOnly = false)
    {
        foreach (var stage in Stages)
        {
            if (finishOnly && !stage.Info.Finishes) continue;
            cancellation.ThrowIfCancellationRequested();
            if (stage.Info.Finishes) frame.Painted ??= frame.Picture;
            var stageProgress = progress?.Enter(stage.Info);
            timings.Measure(stage.Info.Name, () => stage.Run(frame, stageProgress, cancellation));
        }
        frame.Painted ??= frame.Picture;
    }
}
