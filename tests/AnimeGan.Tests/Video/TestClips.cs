using System.Diagnostics;

namespace AnimeGan.Tests.Video;

/// <summary>
/// Clips made for the tests by Debian's ffmpeg from a shared photo (no committed binaries): a slow pan
/// over scene_1 with a 440 Hz tone, 3 s at 12 fps, 640×360, H.264 and AAC in MP4; the same clip marked
/// "rotate 90°" as phones write it; and broken or wrong files named .mp4.
/// </summary>
public sealed class TestClips : TemporaryFolder
{
    public TestClips()
    {
        Pan = PathFor("pan.mp4");
        FfmpegTool("-loop", "1", "-i", TestData.Image("scene_1.jpg"), "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-filter_complex", "[0:v]scale=1280:-2,crop=640:360:'t*60':'t*20',fps=12,format=yuv420p[v]", "-map", "[v]", "-map", "1:a",
            "-t", "3", "-c:v", "libx264", "-c:a", "aac", "-shortest", Pan);
        Rotated = PathFor("rotated.mp4");
        FfmpegTool("-i", Pan, "-c", "copy", "-metadata:s:v:0", "rotate=90", Rotated);
        AudioOnly = PathFor("audio-only.mp4");
        FfmpegTool("-f", "lavfi", "-i", "sine=frequency=440", "-t", "2", "-c:a", "aac", "-f", "mp4", AudioOnly);
        Truncated = PathFor("truncated.mp4");
        File.WriteAllBytes(Truncated, File.ReadAllBytes(Pan)[..20_000]);
        Empty = PathFor("empty.mp4");
        File.WriteAllBytes(Empty, []);
        NotAVideo = PathFor("notes.mp4");
        File.WriteAllText(NotAVideo, "not a video at all");
    }

    public string Pan { get; }
    public string Rotated { get; }
    public string AudioOnly { get; }
    public string Truncated { get; }
    public string Empty { get; }
    public string NotAVideo { get; }

    public string PathFor(string name) => Path.Combine(Folder, name);

    /// <summary>Runs ffmpeg; fails, never skips, when it is missing (`.ci/run` installs it).</summary>
    public static void FfmpegTool(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var argument in (string[])["-v", "error", "-y", .. arguments]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start; install it: apt-get install ffmpeg");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed making a test clip: {errors}");
    }
}
