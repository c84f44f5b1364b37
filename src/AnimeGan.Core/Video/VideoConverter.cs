using System.Diagnostics;
using AnimeGan.Imaging;
using AnimeGan.IO;
using AnimeGan.Pipeline;

namespace AnimeGan.Video;

/// <summary>Where a clip's conversion is: frames done of the frames there are, the rate so far, and the time left at that rate.</summary>
public readonly record struct VideoProgress(int Frame, int Frames, double FramesPerSecond, TimeSpan Remaining)
{
    public double Fraction => Frames == 0 ? 0 : Math.Min(1, (double)Frame / Frames);
}

/// <summary>What a clip's conversion made.</summary>
public sealed record VideoResult(
    string Output,
    VideoInfo Source,
    int Frames,
    double FramesPerSecond,
    (int Width, int Height) WorkingSize,
    (int Width, int Height) OutputSize,
    StageTimings Timings,
    TimeSpan Elapsed);

/// <summary>
/// A clip's whole conversion: ffprobe reads it, ffmpeg decodes its frames (upright, at the working size)
/// into raw pixels, each frame goes through the frame pipeline built for the clip — the same stages as
/// a photo's, with the motion steadied — and ffmpeg encodes the results with the source's sound. The
/// output appears whole or not at all: it is written under a hidden name beside the target and moved
/// there at the end; a failure or a cancellation deletes it and stops both ffmpeg processes.
/// </summary>
public sealed class VideoConverter(Ffmpeg ffmpeg, ImageLimits limits)
{
    public Ffmpeg Ffmpeg => ffmpeg;

    public async Task<VideoResult> ConvertAsync(string input, string output, FramePipeline pipeline, VideoOutput part,
        IProgress<VideoProgress>? progress = null, CancellationToken cancellation = default)
    {
        var started = Stopwatch.GetTimestamp();
        var timings = new StageTimings();
        var info = await timings.MeasureAsync(Stages.Decode.Name, () => VideoProbe.ReadAsync(ffmpeg, input, cancellation));
        part = Within(part, info);
        var length = part.Duration ?? info.Duration - (part.Start ?? TimeSpan.Zero);
        var fps = pipeline.Settings.Video.Fps > 0 ? pipeline.Settings.Video.Fps : info.FramesPerSecond;
        var frames = info.FramesIn(length, fps);
        var working = pipeline.WorkingSizeFor(info.Width, info.Height);
        var size = pipeline.Plan((info.Width, info.Height)).Output;
        new ImageCodec(limits).RequireWithinBudget(size, "each frame of the result");

        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $".{Path.GetFileName(output)}.{Environment.ProcessId}.partial");
        AtomicFile.RequireWritable(output);
        var done = 0;
        try
        {
            using var reader = new FrameReader(ffmpeg, input, part, pipeline.Settings.Video.Fps, working.Width, working.Height);
            using var writer = new FrameWriter(ffmpeg, temporary, part, size.Width, size.Height, fps, pipeline.Settings.Video.Crf, input, info);
            while (await timings.MeasureAsync(Stages.Decode.Name, () => reader.ReadAsync(cancellation)) is { } pixels)
            {
                var frame = new Frame(pixels, (info.Width, info.Height));
                pipeline.Run(frame, timings, null, cancellation);
                await timings.MeasureAsync(Stages.Encode.Name, () => writer.WriteAsync(frame.Picture, cancellation));
                done++;
                var rate = done / Stopwatch.GetElapsedTime(started).TotalSeconds;
                progress?.Report(new VideoProgress(done, Math.Max(frames, done), rate, TimeSpan.FromSeconds(Math.Max(0, frames - done) / rate)));
            }
            await reader.FinishAsync(done, cancellation);
            if (done == 0) throw new VideoRejectedException("the video has no frames that can be decoded");
            await timings.MeasureAsync(Stages.Encode.Name, () => writer.FinishAsync(cancellation));
            File.Move(temporary, output, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new VideoResult(output, info, done, done / elapsed.TotalSeconds, working, size, timings, elapsed);
    }

    /// <summary>The part asked for, inside the clip; a start past its end is refused.</summary>
    private static VideoOutput Within(VideoOutput part, VideoInfo info)
    {
        if (part.Start is { } start && start >= info.Duration)
            throw new ArgumentException($"--start {start.TotalSeconds:0.##} s is past the end of the clip ({info.Duration.TotalSeconds:0.##} s)");
        return part;
    }
}
