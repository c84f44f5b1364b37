using System.Globalization;
using AnimeGan.Imaging;

namespace AnimeGan.Video;

/// <summary>
/// A clip's frames out of ffmpeg as raw RGB at the size asked for (its rotation applied, the frame rate
/// changed when asked), one <see cref="PixelBuffer"/> at a time: no frame is written to disk.
/// </summary>
internal sealed class FrameReader : IDisposable
{
    private readonly FfmpegProcess _process;
    private readonly string _input;

    public FrameReader(Ffmpeg ffmpeg, string input, VideoOutput part, double fps, int width, int height)
    {
        (Width, Height, _input) = (width, height, input);
        var filters = (fps > 0 ? $"fps={Number(fps)}," : "") + $"scale={width}:{height}:flags=lanczos";
        _process = ffmpeg.Start(probe: false, [
            "-v", "error", "-nostdin", .. Seek(part), "-i", input, .. Length(part),
            "-map", "0:v:0", "-vf", filters, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
        ]);
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>The next frame; null at the end of the clip (a last frame cut short counts as the end).</summary>
    public async Task<PixelBuffer?> ReadAsync(CancellationToken cancellation)
    {
        var frame = new PixelBuffer(Width, Height, 3);
        var read = 0;
        while (read < frame.Data.Length)
        {
            var got = await _process.Output.ReadAsync(frame.Data.AsMemory(read), cancellation);
            if (got == 0) return null;
            read += got;
        }
        return frame;
    }

    /// <summary>Waits for ffmpeg to end; a failure is refused with its words.</summary>
    public async Task FinishAsync(int framesRead, CancellationToken cancellation)
    {
        if (await _process.WaitAsync(cancellation) != 0 && framesRead == 0)
            throw new VideoRejectedException($"the video cannot be decoded: {VideoProbe.Trim(_process.LastError, _input)}");
    }

    public void Dispose() => _process.Dispose();

    internal static IEnumerable<string> Seek(VideoOutput part) => part.Start is { } start ? ["-ss", Number(start.TotalSeconds)] : [];

    internal static IEnumerable<string> Length(VideoOutput part) => part.Duration is { } duration ? ["-t", Number(duration.TotalSeconds)] : [];

    internal static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>
/// Finished frames into ffmpeg as raw RGB, written as MP4 (H.264, yuv420p, +faststart), WebM (VP9) or
/// GIF, with the source's sound copied when the container takes it as it is, else re-encoded.
/// </summary>
internal sealed class FrameWriter : IDisposable
{
    /// <summary>Sound codecs MP4 and WebM carry as they are; anything else is re-encoded (AAC, Opus).</summary>
    private static readonly string[] Mp4Audio = ["aac", "mp3", "alac"], WebmAudio = ["opus", "vorbis"];

    private readonly FfmpegProcess _process;
    private readonly string _output;

    public FrameWriter(Ffmpeg ffmpeg, string output, VideoOutput part, int width, int height, double fps, int crf, string source, VideoInfo info)
    {
        _output = output;
        var withSound = info.HasAudio && part.Format != VideoFormat.Gif;
        IEnumerable<string> sound = withSound ? [.. FrameReader.Seek(part), .. FrameReader.Length(part), "-i", source] : [];
        IEnumerable<string> mapping = withSound ? ["-map", "0:v", "-map", "1:a:0", "-shortest"] : ["-map", "0:v"];
        IEnumerable<string> codecs = part.Format switch
        {
            VideoFormat.Webm => [
                "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", crf.ToString(CultureInfo.InvariantCulture),
                "-row-mt", "1", "-pix_fmt", "yuv420p", .. withSound ? Audio(info, WebmAudio, "libopus") : [],
            ],
            VideoFormat.Gif => ["-filter_complex", "[0:v]split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer", "-loop", "0"],
            _ => [
                "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-preset", "medium", "-crf", crf.ToString(CultureInfo.InvariantCulture),
                "-pix_fmt", "yuv420p", "-movflags", "+faststart", .. withSound ? Audio(info, Mp4Audio, "aac") : [],
            ],
        };
        _process = ffmpeg.Start(probe: false, [
            "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-framerate", FrameReader.Number(fps), "-i", "pipe:0",
            .. sound, .. mapping, .. codecs, "-f", part.Format.ToString().ToLowerInvariant(), output,
        ]);
    }

    private static IEnumerable<string> Audio(VideoInfo info, string[] carried, string encoder) =>
        carried.Contains(info.AudioCodec) ? ["-c:a", "copy"] : ["-c:a", encoder, "-b:a", "160k"];

    public Task WriteAsync(PixelBuffer frame, CancellationToken cancellation) => _process.Input.WriteAsync(frame.Data, cancellation).AsTask();

    /// <summary>Ends the input and waits for ffmpeg to finish the file; a failure is an <see cref="IOException"/> with its words.</summary>
    public async Task FinishAsync(CancellationToken cancellation)
    {
        await _process.Input.DisposeAsync();
        if (await _process.WaitAsync(cancellation) != 0)
            throw new IOException($"cannot write the video: {VideoProbe.Trim(_process.LastError, _output)}");
    }

    public void Dispose() => _process.Dispose();
}
