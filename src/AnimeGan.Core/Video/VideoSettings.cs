namespace AnimeGan.Video;

/// <summary>The containers a clip can be written in.</summary>
public enum VideoFormat
{
    /// <summary>H.264 in MP4, yuv420p, +faststart: plays everywhere.</summary>
    Mp4,
    /// <summary>VP9 and Opus in WebM.</summary>
    Webm,
    /// <summary>An animated GIF with its own palette, no sound: for short clips.</summary>
    Gif,
}

/// <summary>Which part of a clip is converted, and how it is written. The picture's settings are the conversion's own.</summary>
public sealed record VideoOutput
{
    /// <summary>Where the part converted starts; null for the beginning.</summary>
    public TimeSpan? Start { get; init; }

    /// <summary>How much is converted; null for the rest of the clip.</summary>
    public TimeSpan? Duration { get; init; }

    public VideoFormat Format { get; init; } = VideoFormat.Mp4;

    public static VideoFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".mp4" or ".m4v" or ".mov" => VideoFormat.Mp4,
        ".webm" => VideoFormat.Webm,
        ".gif" => VideoFormat.Gif,
        _ => null,
    };

    public static string Extension(VideoFormat format) => format switch
    {
        VideoFormat.Webm => ".webm",
        VideoFormat.Gif => ".gif",
        _ => ".mp4",
    };
}
