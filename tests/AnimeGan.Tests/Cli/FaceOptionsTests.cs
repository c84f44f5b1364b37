using System.Text.Json;
using AnimeGan.Imaging;

namespace AnimeGan.Tests.Cli;

public class FaceOptionsTests : CliTestFolder
{
    /// <summary>A model folder holding only the named files (links to the shared models).</summary>
    private string ModelsWith(params string[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "models-" + files.Length)).FullName;
        foreach (var file in files) File.CreateSymbolicLink(Path.Combine(folder, file), Path.Combine(TestData.Models, file));
        return folder;
    }

    [Fact]
    public void JsonListsTheFacesInPhotoPixelsAndFaceDebugWritesASideImage()
    {
        var result = Animegan("convert", TestData.Image("face_9.jpg"), "-o", "out.png", "--size", "128", "--face-debug", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var record = JsonDocument.Parse(result.StdOut).RootElement;
        var face = Assert.Single(record.GetProperty("faces").EnumerateArray().ToList());
        var box = face.GetProperty("box");
        // face_9 is 248×256; the face fills most of it.
        Assert.InRange(box.GetProperty("width").GetDouble(), 120, 248);
        Assert.InRange(face.GetProperty("score").GetDouble(), 0.7, 1);
        var nose = face.GetProperty("landmarks").GetProperty("noseTip").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.InRange(nose[0], box.GetProperty("x").GetDouble(), box.GetProperty("x").GetDouble() + box.GetProperty("width").GetDouble());
        using var debug = new ImageCodec().Decode(Path.Combine(Folder, "out.faces.png"));
        Assert.Equal((120, 128), (debug.Width, debug.Height));
    }

    [Fact]
    public void NoFacesGivesNoFaceListEntriesAndNoSideImage()
    {
        var result = Animegan("convert", TestData.Image("face_9.jpg"), "-o", "out.png", "--size", "128", "--no-faces", "--face-debug", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(JsonDocument.Parse(result.StdOut).RootElement.GetProperty("faces").EnumerateArray());
        Assert.False(File.Exists(Path.Combine(Folder, "out.faces.png")));
    }

    [Fact]
    public void AFaceStyleWhoseModelIsMissingIsAClearErrorWithExitTwo()
    {
        var models = ModelsWith("ultraface_rfb_640.onnx", "face_mesh.onnx");

        var result = CliRunner.Run(Folder, "convert", TestData.Image("face_9.jpg"), "--models", models,
            "--model", TestData.HayaoModel, "--face-style", "hayao", "-o", "out.png");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("face style", result.StdErr);
        Assert.Contains("animeganv2_hayao.onnx", result.StdErr);
        Assert.False(File.Exists(Path.Combine(Folder, "out.png")));
    }

    [Fact]
    public void WithoutTheFaceModelsDefaultFacesStepAsideWithAWarningButAskedForTheyAreAnError()
    {
        var models = ModelsWith("animeganv2_hayao.onnx");

        var byDefault = CliRunner.Run(Folder, "convert", TestData.Image("face_9.jpg"), "--models", models, "--size", "128", "-o", "a.png");
        var asked = CliRunner.Run(Folder, "convert", TestData.Image("face_9.jpg"), "--models", models, "--size", "128", "-o", "b.png", "--faces");

        Assert.True(byDefault.ExitCode == 0, byDefault.ToString());
        Assert.Contains("without face protection", byDefault.StdErr);
        Assert.Contains("ultraface_rfb_640.onnx", byDefault.StdErr);
        Assert.True(asked.ExitCode == 2, asked.ToString());
        Assert.Contains("--no-faces", asked.StdErr);
    }

    [Theory]
    [InlineData("--faces", "--no-faces")]
    [InlineData("--face-threshold", "1.5")]
    [InlineData("--face-threshold", "high")]
    [InlineData("--face-min-size", "2")]
    public void BadFaceOptionsAreUsageErrors(string option, string value)
    {
        var result = AnimeganInProcess("convert", TestData.Image("face_9.jpg"), "-o", InFolder("out.jpg"), option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
    }
}
