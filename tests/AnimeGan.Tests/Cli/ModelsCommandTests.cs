using System.Text.Json;

namespace AnimeGan.Tests.Cli;

public class ModelsCommandTests : TemporaryFolder
{
    [Fact]
    public void ListingShowsEachModelAsPresentOrMissingAndTheFoldersSearched()
    {
        var result = CliRunner.Run(Folder, "models", "--models", TestData.Models, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var document = JsonDocument.Parse(result.StdOut).RootElement;
        var hayao = document.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "hayao");
        Assert.True(hayao.GetProperty("present").GetBoolean());
        Assert.Equal("generator", hayao.GetProperty("kind").GetString());
        Assert.Contains("non-commercial", hayao.GetProperty("licence").GetString());
        var origins = document.GetProperty("directories").EnumerateArray().Select(d => d.GetProperty("origin").GetString());
        Assert.Equal(["--models", "user cache"], origins);
    }

    [Fact]
    public void AddInstallsIntoTheModelFolderAndTheStyleBecomesUsable()
    {
        var target = Path.Combine(Folder, "mine");

        var before = CliRunner.Run(Folder, "models", "--models", target);
        Assert.Contains("missing", before.StdOut);

        var add = CliRunner.Run(Folder, "models", "add", TestData.HayaoModel, "--name", "ghibli", "--models", target);
        Assert.True(add.ExitCode == 0, add.ToString());

        var convert = CliRunner.Run(Folder, "convert", TestData.Image("face_11.jpg"), "--style", "ghibli", "--size", "128",
            "-o", "ghibli.jpg", "--models", target, "--no-faces");
        Assert.True(convert.ExitCode == 0, convert.ToString());
        Assert.True(File.Exists(Path.Combine(Folder, "ghibli.jpg")));
    }

    [Fact]
    public void AddingANonModelIsAClearError()
    {
        var text = Path.Combine(Folder, "model.onnx");
        File.WriteAllText(text, "hello");

        var result = CliRunner.Run(Folder, "models", "add", text, "--models", Path.Combine(Folder, "mine"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot load model.onnx", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
    }
}
