using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Looks;

namespace AnimeGan.Pipeline;

/// <summary>How one photo is converted. The same settings drive the CLI, the web page and the API.</summary>
public sealed record ConversionSettings
{
    /// <summary>Cap on the long side of the working image.</summary>
    public int MaxSize { get; init; } = WorkingSize.DefaultMaxSide;

    /// <summary>Resize the result back to the photo's own dimensions.</summary>
    public bool KeepSize { get; init; }

    /// <summary>Output format; null picks one from the input (see <see cref="PhotoConverter"/>).</summary>
    public OutputFormat? Format { get; init; }

    public int Quality { get; init; } = OutputFormats.DefaultQuality;

    /// <summary>Strength, colour, sharpening, glow and flip TTA (see <see cref="LookChain"/>); the default changes nothing.</summary>
    public LookSettings Look { get; init; } = LookSettings.None;

    /// <summary>Face protection: each face repainted on its own (see <see cref="FacePainter"/>).</summary>
    public FaceSettings Faces { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        if (MaxSize is < WorkingSize.MinMaxSide or > WorkingSize.MaxMaxSide)
            throw new ArgumentOutOfRangeException(nameof(MaxSize), MaxSize, $"size must be {WorkingSize.MinMaxSide} to {WorkingSize.MaxMaxSide}");
        if (Quality is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(Quality), Quality, "quality must be 1 to 100");
        Look.Validate();
        Faces.Validate();
    }
}
