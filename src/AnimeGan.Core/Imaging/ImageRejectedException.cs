namespace AnimeGan.Imaging;

/// <summary>Why an input could not be used as an image. The server maps each reason to an HTTP status.</summary>
public enum ImageRejection
{
    /// <summary>No bytes at all.</summary>
    Empty,
    /// <summary>The content is not in any accepted image format.</summary>
    NotAnImage,
    /// <summary>A known format, but the data is broken (truncated, corrupt).</summary>
    Undecodable,
    /// <summary>The header declares more pixels (or the file more bytes) than the budget allows.</summary>
    TooLarge,
    /// <summary>Too small, or too thin, to paint: a side under the minimum, at its own size or at the working size.</summary>
    TooSmall,
}

public sealed class ImageRejectedException(ImageRejection reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ImageRejection Reason { get; } = reason;
}
