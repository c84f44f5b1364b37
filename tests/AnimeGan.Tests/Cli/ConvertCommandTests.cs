using System.Text.Json;
using AnimeGan.Imaging;
using AnimeGan.Pipeline;

namespace AnimeGan.Tests.Cli;

public class ConvertCommandTests : CliTestFolder
{
    private static readonly string[] Photos = ["face_5.jpg", "scene_2.jpg", "group_2.jpg"];
    private readonly ImageCodec _codec = new();

    private string PhotoFolder(bool withJunk)
    {
        var folder = Path.Combine(Folder, "photos");
        Directory.CreateDirectory(Path.Combine(folder, "nested"));
        foreach (var photo in Photos) File.Copy(TestData.Image(photo), Path.Combine(folder, photo));
        File.Copy(TestData.Image("face_6.jpg"), Path.Combine(folder, "nested", "face_6.jpg"));
        if (withJunk)
        {
            File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a photo");
            var whole = File.ReadAllBytes(TestData.Image("face_7.jpg"));
            File.WriteAllBytes(Path.Combine(folder, "broken.jpg"), whole[..(whole.Length / 3)]);
        }
        return folder;
    }

    [Fact]
    public void AFolderConvertsWithOneJsonRecordPerPhotoAndExpectedSizes()
    {
        var folder = PhotoFolder(withJunk: false);

        var result = Animegan("convert", folder, "-o", "out", "--size", "256", "--json", "--no-faces");

        Assert.True(result.ExitCode == 0, result.ToString());
        var records = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(Photos.Length, records.Count);
        foreach (var record in records)
        {
            Assert.Equal("converted", record.GetProperty("status").GetString());
            Assert.True(record.GetProperty("timingsMs").GetProperty("stylize").GetDouble() > 0);
            using var original = _codec.Decode(record.GetProperty("input").GetString()!);
            using var output = _codec.Decode(record.GetProperty("output").GetString()!);
            Assert.Equal(WorkingSize.For(original.Width, original.Height, 256), (output.Width, output.Height));
        }
        Assert.True(File.Exists(Path.Combine(Folder, "out", "scene_2.jpg")));
        Assert.DoesNotContain("stylize", result.StdErr); // no progress-bar frames in a pipe
        Assert.False(Directory.Exists(Path.Combine(Folder, "out", "nested")), "not recursive unless asked");
    }

    [Fact]
    public void RecursiveKeepsSubfoldersAndNonImagesAreSkippedWithAWarningAndFailuresGiveExitOne()
    {
        var folder = PhotoFolder(withJunk: true);

        var result = Animegan("convert", folder, "-r", "-o", "out", "--size", "128", "--format", "png", "--no-faces");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("skipping", result.StdErr);
        Assert.Contains("notes.txt", result.StdErr);
        Assert.Contains("broken.jpg", result.StdOut);
        Assert.Contains("broken", result.StdOut);
        Assert.Contains("4 converted, 0 skipped, 1 failed", result.StdOut);
        using var nested = _codec.Decode(Path.Combine(Folder, "out", "nested", "face_6.png"));
        Assert.Equal("png", nested.SourceFormat);
        Assert.False(File.Exists(Path.Combine(Folder, "out", "broken.png")));
    }

    [Fact]
    public void ExistingOutputsAreKeptUnlessOverwrite()
    {
        var first = Animegan("convert", TestData.Image("face_8.jpg"), "-o", "face.png", "--size", "128", "--no-faces");
        Assert.True(first.ExitCode == 0, first.ToString());
        var written = File.GetLastWriteTimeUtc(Path.Combine(Folder, "face.png"));

        var second = Animegan("convert", TestData.Image("face_8.jpg"), "-o", "face.png", "--size", "128", "--no-faces");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("skipped", second.StdOut);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(Folder, "face.png")));

        var third = Animegan("convert", TestData.Image("face_8.jpg"), "-o", "face.png", "--size", "128", "--overwrite", "--no-faces");
        Assert.Equal(0, third.ExitCode);
        Assert.Contains("1 converted", third.StdOut);
    }

    [Fact]
    public void WithoutOutputTheResultGoesBesideThePhotoAndKeepSizeRestoresItsDimensions()
    {
        var photo = Path.Combine(Folder, "portrait.jpg");
        File.Copy(TestData.Image("face_9.jpg"), photo);

        var result = Animegan("convert", photo, "--size", "128", "--keep-size", "--no-faces");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var original = _codec.Decode(photo);
        using var output = _codec.Decode(Path.Combine(Folder, "portrait_hayao.jpg"));
        Assert.Equal((original.Width, original.Height), (output.Width, output.Height));
    }

    [Theory]
    [InlineData("--size", "0")]
    [InlineData("--size", "abc")]
    [InlineData("--quality", "500")]
    [InlineData("--format", "bmp")]
    [InlineData("--threads", "-1")]
    [InlineData("--style", "vangogh")]
    [InlineData("--no-such-option", "1")]
    public void BadOptionsAreUsageErrors(string option, string value)
    {
        var result = AnimeganInProcess("convert", TestData.Image("face_1.jpg"), "-o", InFolder("x.jpg"), option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr); // never a stack trace
        Assert.False(File.Exists(InFolder("x.jpg")));
    }

    [Fact]
    public void AMissingInputIsAUsageError()
    {
        var result = AnimeganInProcess("convert", InFolder("no-such-photo.jpg"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"no such file or folder: {InFolder("no-such-photo.jpg")}", result.StdErr);
    }

    [Fact]
    public void AMissingModelSaysWhereItLookedAndHowToAddIt()
    {
        var empty = Directory.CreateDirectory(Path.Combine(Folder, "empty-models")).FullName;

        // A process of its own: it must not see this one's ANIMEGAN_MODELS or user cache.
        var result = CliRunner.Run(Folder, "convert", TestData.Image("face_1.jpg"), "--models", empty);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("hayao", result.StdErr);
        Assert.Contains("animeganv2_hayao.onnx", result.StdErr);
        Assert.Contains(empty, result.StdErr);
        Assert.Contains("animegan models add", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
    }

    [Fact]
    public void TheModelDirectoryCanComeFromTheEnvironment()
    {
        var result = CliRunner.Run(Folder, new Dictionary<string, string> { ["ANIMEGAN_MODELS"] = TestData.Models },
            "convert", TestData.Image("face_10.jpg"), "-o", "env.jpg", "--size", "128", "--no-faces");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(Folder, "env.jpg")));
    }

    [Fact]
    public void AnUnwritableOutputIsAFailureWithItsReason()
    {
        File.WriteAllText(Path.Combine(Folder, "a-file"), "");

        var result = Animegan("convert", TestData.Image("face_1.jpg"), "-o", "a-file/inside/out.jpg", "--size", "128", "--no-faces");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("cannot write", result.StdOut);
    }

    [Fact]
    public void ANonImageNamedOnTheCommandLineFailsWithItsReason()
    {
        var fake = Path.Combine(Folder, "holiday.jpg");
        File.WriteAllText(fake, "not really a jpeg");

        var result = Animegan("convert", fake, "--json", "--no-faces");

        Assert.Equal(1, result.ExitCode);
        var record = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal("failed", record.GetProperty("status").GetString());
        Assert.Contains("not an image", record.GetProperty("error").GetString());
    }

    [Fact]
    public void GlobPatternsSelectPhotos()
    {
        var folder = PhotoFolder(withJunk: false);

        var result = Animegan("convert", Path.Combine(folder, "face_*.jpg"), "-o", "globbed", "--size", "128", "--no-faces");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["face_5.jpg"], Directory.GetFiles(Path.Combine(Folder, "globbed")).Select(Path.GetFileName));
    }

    [Fact]
    public void NoRunLeavesAFileOfItsOwnInTheTempFolder()
    {
        var temp = Directory.CreateDirectory(InFolder("tmp")).FullName;
        var environment = new Dictionary<string, string> { ["TMPDIR"] = temp };

        foreach (var output in new[] { "a.jpg", "b.jpg" })
        {
            var result = CliRunner.Run(Folder, environment, "convert", TestData.Image("face_9.jpg"), "-o", output, "--size", "128", "--models", TestData.Models);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        Assert.Empty(LeftInTemp(temp));
    }

    /// <summary>
    /// What runs left in a temp folder, but for ONNX Runtime's one 51-byte ".ses" session-id file, which
    /// every run rewrites even with telemetry off: one file for all runs, not one per process.
    /// </summary>
    public static IEnumerable<string> LeftInTemp(string temp) =>
        Directory.EnumerateFileSystemEntries(temp).Select(Path.GetFileName).Where(name => name != ".ses")!;

    [Fact]
    public void AnOutputThatIsThePhotoItselfIsRefusedUnlessInPlaceEvenThroughALink()
    {
        var photo = Path.Combine(Folder, "same.jpg");
        File.Copy(TestData.Image("face_8.jpg"), photo);
        var original = File.ReadAllBytes(photo);
        Directory.CreateSymbolicLink(Path.Combine(Folder, "link"), Folder);

        foreach (var output in new[] { "same.jpg", "./same.jpg", "link/same.jpg" })
        {
            var refused = Animegan("convert", photo, "-o", output, "--overwrite", "--size", "64", "--no-faces");
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("is the photo itself; pass --in-place", refused.StdOut);
            Assert.Equal(original, File.ReadAllBytes(photo));
        }

        var replaced = Animegan("convert", photo, "-o", "same.jpg", "--in-place", "--size", "64", "--no-faces");
        Assert.True(replaced.ExitCode == 0, replaced.ToString());
        Assert.NotEqual(original, File.ReadAllBytes(photo));
    }

    [Fact]
    public void AnUnwritableOutputFolderFailsEveryPhotoBeforeAnyIsConverted()
    {
        var folder = PhotoFolder(withJunk: false);
        File.WriteAllText(Path.Combine(Folder, "a-file"), "");

        var result = Animegan("convert", folder, "-o", "a-file/out", "--size", "128", "--no-faces", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var records = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(Photos.Length, records.Count);
        foreach (var record in records)
        {
            Assert.Equal("failed", record.GetProperty("status").GetString());
            Assert.StartsWith($"cannot write {Path.Combine(Folder, "a-file", "out")}", record.GetProperty("error").GetString());
            Assert.DoesNotContain(".partial", record.GetProperty("error").GetString());
            Assert.False(record.TryGetProperty("timingsMs", out _), "no photo was converted");
        }
    }
}
