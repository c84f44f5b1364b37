using System.Globalization;
using System.Text.Json;

namespace AnimeGan.Video;

/// <summary>What ffprobe says of a clip, as it is shown: the size after its rotation metadata is applied.</summary>
public sealed record VideoInfo(
    int Width,
    int Height,
    double FramesPerSecond,
    TimeSpan Duration,
    int Rotation,
    string? AudioCodec,
    string Container)
{
    public bool HasAudio => AudioCodec is not null;

    /// <summary>Frames in <paramref name="duration"/> at <paramref name="fps"/> (the clip's own rate when 0).</summary>
    public int FramesIn(TimeSpan duration, double fps = 0) => Math.Max(1, (int)Math.Round(duration.TotalSeconds * (fps > 0 ? fps : FramesPerSecond)));
}

public static partial class VideoProbe
{
    /// <summary>Reads the clip's streams with ffprobe; refuses, with ffprobe's own words, what is not a video with a picture.</summary>
    public static async Task<VideoInfo> ReadAsync(Ffmpeg ffmpeg, string path, CancellationToken cancellation = default)
    {
        if (new FileInfo(path) is { Exists: true, Length: 0 }) throw new VideoRejectedException("the file is empty (0 bytes)");
        using var probe = ffmpeg.Start(probe: true, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path]);
        var json = await new StreamReader(probe.Output).ReadToEndAsync(cancellation);
        if (await probe.WaitAsync(cancellation) != 0)
            throw new VideoRejectedException($"not a video ffmpeg can read: {Trim(probe.LastError, path)}");
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var container = root.TryGetProperty("format", out var format) && format.TryGetProperty("format_name", out var formatName) ? formatName.GetString() ?? "" : "";
        // ffmpeg reads a photo as a clip of one frame with no length.
        if (container == "image2" || container.EndsWith("_pipe", StringComparison.Ordinal))
            throw new VideoRejectedException($"the file is a still picture ({container.Replace("_pipe", "", StringComparison.Ordinal)}), not a video; convert it as a photo");
        var streams = root.TryGetProperty("streams", out var list) ? list.EnumerateArray().ToList() : [];
        var video = streams.FirstOrDefault(s => s.GetProperty("codec_type").GetString() == "video" && !IsCoverArt(s));
        if (video.ValueKind == JsonValueKind.Undefined)
            throw new VideoRejectedException(streams.Any(s => s.GetProperty("codec_type").GetString() == "audio")
                ? "the file has sound but no picture: an audio file, not a video"
                : "the file has no video stream");
        var audio = streams.FirstOrDefault(s => s.GetProperty("codec_type").GetString() == "audio");
        var (width, height) = (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32());
        var rotation = Rotation(video);
        if (rotation % 180 != 0) (width, height) = (height, width);
        var fps = Rate(video, "avg_frame_rate") ?? Rate(video, "r_frame_rate")
                  ?? throw new VideoRejectedException("the video stream has no frame rate");
        var seconds = Seconds(video) ?? (format.ValueKind == JsonValueKind.Object ? Seconds(format) : null);
        if (seconds is not > 0) throw new VideoRejectedException("the video has no duration: it is cut short or broken");
        return new VideoInfo(width, height, fps, TimeSpan.FromSeconds(seconds.Value), rotation,
            audio.ValueKind == JsonValueKind.Undefined ? null : audio.GetProperty("codec_name").GetString(), container);
    }

    /// <summary>A still picture attached to a music file is a "video" stream of one frame; it is no clip.</summary>
    private static bool IsCoverArt(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition) && disposition.TryGetProperty("attached_pic", out var pic) && pic.GetInt32() == 1;

    /// <summary>Degrees the picture is turned for display: the display matrix of newer files, the "rotate" tag of older ones.</summary>
    private static int Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var sides))
            foreach (var side in sides.EnumerateArray())
                if (side.TryGetProperty("rotation", out var rotation))
                    return ((int)Math.Round(rotation.GetDouble()) % 360 + 360) % 360;
        return stream.TryGetProperty("tags", out var tags) && tags.TryGetProperty("rotate", out var rotate)
               && int.TryParse(rotate.GetString(), CultureInfo.InvariantCulture, out var degrees)
            ? (degrees % 360 + 360) % 360
            : 0;
    }

    private static double? Rate(JsonElement stream, string property)
    {
        if (!stream.TryGetProperty(property, out var value) || value.GetString()?.Split('/') is not [var top, var bottom]) return null;
        return double.TryParse(top, CultureInfo.InvariantCulture, out var n) && double.TryParse(bottom, CultureInfo.InvariantCulture, out var d) && n > 0 && d > 0
            ? n / d
            : null;
    }

    private static double? Seconds(JsonElement element) =>
        element.TryGetProperty("duration", out var value) && double.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    /// <summary>ffmpeg's words without the path it names (which may be a server's) or its "[demuxer @ 0x…]" prefixes.</summary>
    internal static string Trim(string message, string path) =>
        DemuxerPrefix().Replace(message.Replace(path + ": ", "", StringComparison.Ordinal).Replace(path, "the file", StringComparison.Ordinal), "").Trim();

    [System.Text.RegularExpressions.GeneratedRegex(@"\[[^\]]* @ 0x[0-9a-f]+\] ")]
    private static partial System.Text.RegularExpressions.Regex DemuxerPrefix();
}
