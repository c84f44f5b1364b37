using System.Text.Json;
using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using AnimeGan.Tests.Cli;
using AnimeGan.Video;

namespace AnimeGan.Tests.Video;

/// <summary>Clips through the CLI and the video converter: length, frames, size, sound, rotation, steadiness, and what a bad clip gets.</summary>
public class VideoTests(TestClips clips) : CliTestFolder, IClassFixture<TestClips>
{
    private readonly Ffmpeg _ffmpeg = Ffmpeg.Find();

    [Fact]
    public async Task AClipKeepsItsLengthFramesAndSoundAtTheWorkingSize()
    {
        var result = Animegan("video", clips.Pan, "-o", "anime.mp4", "--style", "cute", "--size", "256", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var record = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal(36, record.GetProperty("frames").GetInt32());
        var output = await VideoProbe.ReadAsync(_ffmpeg, InFolder("anime.mp4"));
        Assert.Equal((256, 144), (output.Width, output.Height));
        Assert.Equal(12, output.FramesPerSecond, 2);
        Assert.InRange(output.Duration.TotalSeconds, 2.9, 3.15);
        Assert.NotNull(output.AudioCodec);
        Assert.Contains("stabilize", record.GetProperty("timingsMs").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task APhoneClipMarkedRotatedComesOutUpright()
    {
        var result = Animegan("video", clips.Rotated, "-o", "upright.mp4", "--style", "cute", "--size", "256");

        Assert.True(result.ExitCode == 0, result.ToString());
        var output = await VideoProbe.ReadAsync(_ffmpeg, InFolder("upright.mp4"));
        Assert.Equal((144, 256), (output.Width, output.Height));
        Assert.Equal(0, output.Rotation);
    }

    [Fact]
    public async Task SteadyingLowersTheTemporalWarpingError()
    {
        using var store = new ModelStore(new ModelDirectories([new ModelDirectory(TestData.Models, "tests")]));
        var builder = new FramePipelineBuilder(store);
        var converter = new VideoConverter(_ffmpeg, ImageLimits.Default);
        var settings = new ConversionSettings { Style = "cute", MaxSize = 256, Faces = new FaceSettings { Enabled = false } };
        var part = new VideoOutput { Format = VideoFormat.Mp4 };

        var plain = await converter.ConvertAsync(clips.Pan, InFolder("plain.mp4"), builder.Build(settings with { Video = new() { Stabilize = false, Crf = 12 } }, forClip: true), part);
        var steady = await converter.ConvertAsync(clips.Pan, InFolder("steady.mp4"), builder.Build(settings with { Video = new() { Stabilize = true, Crf = 12 } }, forClip: true), part);

        var inputs = await Frames(clips.Pan, plain.WorkingSize);
        var (plainError, steadyError) = (TemporalError.Measure(inputs, await Frames(plain.Output, plain.OutputSize)),
            TemporalError.Measure(inputs, await Frames(steady.Output, steady.OutputSize)));
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(TestData.RepoRoot, "TestResults")).FullName, "video-stability.json"),
            JsonSerializer.Serialize(new { clip = "pan 640x360 12 fps 3 s", style = "cute", size = 256, plainError, steadyError }));
        Assert.True(steadyError < plainError * 2 / 3, $"warping error {steadyError:F2} steadied against {plainError:F2} plain: not a third lower");
    }

    [Fact]
    public void BadClipsFailEachWithItsReasonAndLeaveNothingBehind()
    {
        var temp = Directory.CreateDirectory(InFolder("tmp")).FullName;

        var result = CliRunner.Run(Folder, new Dictionary<string, string> { ["TMPDIR"] = temp },
            "video", clips.Truncated, clips.Empty, clips.NotAVideo, clips.AudioOnly, "-o", "out/", "--style", "cute", "--size", "128", "--json",
            "--models", TestData.Models);

        Assert.True(result.ExitCode == 1, result.ToString());
        var errors = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => Path.GetFileName(r.GetProperty("input").GetString()!), r => r.GetProperty("error").GetString()!);
        Assert.Contains("moov atom not found", errors["truncated.mp4"]);
        Assert.Contains("empty (0 bytes)", errors["empty.mp4"]);
        Assert.Contains("not a video", errors["notes.mp4"]);
        Assert.Contains("sound but no picture", errors["audio-only.mp4"]);
        Assert.DoesNotContain("0x", string.Join(" ", errors.Values));
        Assert.DoesNotContain("   at ", result.StdErr);
        Assert.Empty(Directory.Exists(InFolder("out")) ? Directory.GetFiles(InFolder("out"), "*", SearchOption.AllDirectories) : []);
        Assert.Empty(ConvertCommandTests.LeftInTemp(temp));
    }

    [Fact]
    public void WithoutFfmpegTheMessageSaysHowToInstallIt()
    {
        var result = AnimeganInProcess("video", clips.Pan, "-o", InFolder("x.mp4"), "--ffmpeg", InFolder("nowhere"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("apt-get install ffmpeg", result.StdErr);
    }

    /// <summary>Every frame of a clip, upright, at <paramref name="size"/>.</summary>
    private async Task<List<PixelBuffer>> Frames(string clip, (int Width, int Height) size)
    {
        var frames = new List<PixelBuffer>();
        using var reader = new FrameReader(_ffmpeg, clip, new VideoOutput(), 0, size.Width, size.Height);
        while (await reader.ReadAsync(CancellationToken.None) is { } frame) frames.Add(frame);
        return frames;
    }
}
