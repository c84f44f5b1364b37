using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Looks;
using AnimeGan.Options;

namespace AnimeGan.Pipeline;

/// <summary>
/// How one picture is converted. The same settings drive the CLI, the web page and the API; each
/// one's name, range and help are defined once, in <see cref="ConversionOptions"/>.
/// </summary>
public sealed record ConversionSettings
{
    /// <summary>The registered style whose generator paints the picture; null for the registry's default.</summary>
    public string? Style { get; init; }

    /// <summary>Cap on the long side of the working image.</summary>
    public int MaxSize { get; init; } = WorkingSize.DefaultMaxSide;

    /// <summary>Resize the result back to the photo's own dimensions.</summary>
    public bool KeepSize { get; init; }

    /// <summary>Output format; null picks one from the input (see <see cref="PhotoConverter"/>).</summary>
    public OutputFormat? Format { get; init; }

    public int Quality { get; init; } = OutputFormats.DefaultQuality;

    /// <summary>Strength, colour, sharpening, glow and flip TTA (see <see cref="LookSettings"/>); the default changes nothing.</summary>
    public LookSettings Look { get; init; } = LookSettings.None;

    /// <summary>Face protection: each face repainted on its own (see <see cref="FacePainter"/>).</summary>
    public FaceSettings Faces { get; init; } = new();

    /// <summary>HD: the finished picture enlarged this many times; 1 for none.</summary>
    public int Upscale { get; init; } = 1;

    /// <summary>How it is enlarged: "lanczos" (resampling), or a learned upscaler, "slim" (built in) or "medium".</summary>
    public string UpscaleModel { get; init; } = "lanczos";

    /// <summary>What a clip's frames get besides: steadying, the frame rate, the encoder's quality.</summary>
    public VideoSettings Video { get; init; } = new();

    /// <summary>Throws an <see cref="OptionValueException"/> (an <see cref="ArgumentException"/>) naming the first bad value.</summary>
    public void Validate() => ConversionOptions.Validate(this);
}

/// <summary>The settings only a clip has; a photo ignores them.</summary>
public sealed record VideoSettings
{
    /// <summary>Blend each frame with the previous one where the motion explains it (<see cref="Steps.StabilizeStage"/>): less flicker.</summary>
    public bool Stabilize { get; init; } = true;

    /// <summary>Frames per second of the result; 0 keeps the clip's own.</summary>
    public int Fps { get; init; }

    /// <summary>The encoder's constant rate factor: lower is better and larger (x264: 18 looks lossless, 23 is its default).</summary>
    public int Crf { get; init; } = 20;
}
