namespace AnimeGan.Pipeline;

/// <summary>
/// One step of the <see cref="FramePipeline"/>, with one job: pixels in, pixels out (it replaces
/// <see cref="Frame.Picture"/>). Built from the settings for one conversion, or one video.
/// </summary>
public interface IFrameStage
{
    StageInfo Info { get; }

    /// <summary>
    /// What the stage will cost on a picture of this size, in milliseconds on this machine as far as
    /// it knows: the weight of its share of the progress, and the base of time estimates.
    /// </summary>
    double EstimateMs(int width, int height);

    /// <summary>
    /// What the stage will cost on this frame's photo, when the photo itself tells more than its size (the
    /// faces in it); what it learns it may keep on the frame for its run.
    /// </summary>
    double EstimateMs(Frame frame, int width, int height) => EstimateMs(width, height);

    /// <summary>The picture's size after this stage, from its size before and the photo's own (<paramref name="original"/>).</summary>
    (int Width, int Height) SizeAfter(int width, int height, (int Width, int Height) original) => (width, height);

    /// <summary>Runs on the frame; reports its own progress from 0 to 1.</summary>
    void Run(Frame frame, IProgress<double>? progress, CancellationToken cancellation);
}
