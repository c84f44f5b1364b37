using AnimeGan.Faces;
using AnimeGan.Imaging;

namespace AnimeGan.Pipeline;

/// <summary>An encoded result and what happened on the way.</summary>
public sealed record ConversionResult(
    byte[] Encoded,
    OutputFormat Format,
    string SourceFormat,
    (int Width, int Height) InputSize,
    (int Width, int Height) WorkingSize,
    (int Width, int Height) OutputSize,
    StageTimings Timings)
{
    /// <summary>The faces repainted, in the photo's own pixels (smallest first); empty when face protection is off.</summary>
    public IReadOnlyList<Face> Faces { get; init; } = [];

    /// <summary>With face debugging on: a PNG of the result with the faces' boxes, landmarks and masks drawn.</summary>
    public byte[]? FaceDebugImage { get; init; }
}

