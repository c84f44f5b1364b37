namespace AnimeGan.Pipeline;

/// <summary>
/// A step of a conversion as people see it: its name in timings and progress, and what the page says
/// while it runs. A finishing stage works on the painted picture without a model that paints (the
/// look, resizing, HD): a new look re-runs only the finishing stages (<see cref="Frame.Painted"/>).
/// </summary>
public sealed record StageInfo(string Name, string Label, bool Finishes = false);

/// <summary>
/// Every step a conversion can take, in the order they run, defined once: the stages of the frame
/// pipeline between decoding and encoding. Timings, progress reports, options (the stage that reads
/// each) and the page's captions use these names.
/// </summary>
public static class Stages
{
    public static readonly StageInfo Decode = new("decode", "Reading the photo");
    public static readonly StageInfo Stylize = new("stylize", "Painting");
    public static readonly StageInfo Faces = new("faces", "Painting the faces");
    public static readonly StageInfo Look = new("look", "Finishing the look", Finishes: true);
    public static readonly StageInfo Stabilize = new("stabilize", "Steadying the motion", Finishes: true);
    public static readonly StageInfo Upscale = new("upscale", "Enlarging", Finishes: true);
    public static readonly StageInfo Resize = new("resize", "Resizing", Finishes: true);
    public static readonly StageInfo Encode = new("encode", "Saving");

    public static IReadOnlyList<StageInfo> All { get; } = [Decode, Stylize, Faces, Look, Stabilize, Upscale, Resize, Encode];
}
