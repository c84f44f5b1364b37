using System.Text.Json;

namespace AnimeGan.Tests.Cli;

public class ModelsCommandTests
{
    private readonly string _work = Directory.CreateTempSubdirectory("animegan-models-").FullName;

    [Fact]
    public void ListingShowsEachModelAsPresentOrMissingAndTheFoldersSearched()
    {
        var result = CliRunner.Run(_work, "models", "--models", TestData.Models, "--json");

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
        var target = Path.Combine(_work, "mine");

        var before = CliRunner.Run(_work, "models", "--models", target);
        Assert.Contains("missing", before.StdOut);

        var add = CliRunner.Run(_work, "models", "add", TestData.HayaoModel, "--name", "ghibli", "--models", target);
        Assert.True(add.ExitCode == 0, add.ToString());

        var convert = CliRunner.Run(_work, "convert", TestData.Image("face_11.jpg"), "--style", "ghibli", "--size", "128",
            "-o", "ghibli.jpg", "--models", target);
        Assert.True(convert.ExitCode == 0, convert.ToString());
        Assert.True(File.Exists(Path.Combine(_work, "ghibli.jpg")));
    }

    [Fact]
    public void AddingANonModelIsAClearError()
    {
        var text = Path.Combine(_work, "model.onnx");
        File.WriteAllText(text, "hello");

        var result = CliRunner.Run(_work, "models", "add", text, "--models", Path.Combine(_work, "mine"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot load model.onnx", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
    }
}
