namespace AnimeGan.Imaging;

/// <summary>The formats results can be written in.</summary>
public enum OutputFormat
{
    Jpeg,
    Png,
    Webp,
}

public static class OutputFormats
{
    public const int DefaultQuality = 92;

    public static string Extension(this OutputFormat format) => format switch
    {
        OutputFormat.Jpeg => ".jpg",
        OutputFormat.Png => ".png",
        OutputFormat.Webp => ".webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string MediaType(this OutputFormat format) => format switch
    {
        OutputFormat.Jpeg => "image/jpeg",
        OutputFormat.Png => "image/png",
        OutputFormat.Webp => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static bool SupportsAlpha(this OutputFormat format) => format != OutputFormat.Jpeg;

    /// <summary>Parses "jpg", "jpeg", "png", "webp", with or without a leading dot, any case.</summary>
    public static bool TryParse(string? text, out OutputFormat format)
    {
        switch (text?.TrimStart('.').ToLowerInvariant())
        {
            case "jpg" or "jpeg": format = OutputFormat.Jpeg; return true;
            case "png": format = OutputFormat.Png; return true;
            case "webp": format = OutputFormat.Webp; return true;
            default: format = default; return false;
        }
    }

    public static OutputFormat? FromPath(string path) =>
        TryParse(Path.GetExtension(path), out var format) ? format : null;
}
