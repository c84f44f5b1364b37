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

    /// <summary>
    /// The picture at the working size as the generator and the faces painted it, before the look and
    /// any resizing: what <see cref="PhotoConverter.Refinish"/> gives a new look without painting again.
    /// </summary>
    public PixelBuffer? Painted { get; init; }

    /// <summary>With face debugging on: a PNG of the result with the faces' boxes, landmarks and masks drawn.</summary>
    public byte[]? FaceDebugImage { get; init; }
}

