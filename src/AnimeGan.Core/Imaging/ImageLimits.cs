namespace AnimeGan.Imaging;

/// <summary>What the codec agrees to decode. Checked against the header, before any pixel is decoded.</summary>
public sealed record ImageLimits
{
    public const long DefaultMaxPixels = 50_000_000;
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>Largest width × height accepted (decompression-bomb guard).</summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>Largest encoded input read from a stream.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    public static ImageLimits Default { get; } = new();
}
