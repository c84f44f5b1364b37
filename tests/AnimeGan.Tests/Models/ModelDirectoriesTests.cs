using AnimeGan.Models;

namespace AnimeGan.Tests.Models;

public class ModelDirectoriesTests
{
    [Fact]
    public void OptionThenEnvironmentThenUserCache()
    {
        var environment = new Dictionary<string, string?>
        {
            ["ANIMEGAN_MODELS"] = "/srv/models-a:/srv/models-b",
            ["XDG_CACHE_HOME"] = "/home/u/.cache",
        };

        var directories = ModelDirectories.Resolve("/opt/models", name => environment.GetValueOrDefault(name));

        Assert.Equal(
            ["/opt/models", "/srv/models-a", "/srv/models-b", "/home/u/.cache/animegan/models"],
            directories.Searched.Select(d => d.Path));
        Assert.Equal(["--models", "ANIMEGAN_MODELS", "ANIMEGAN_MODELS", "user cache"], directories.Searched.Select(d => d.Origin));
        Assert.Equal("/opt/models", directories.InstallDirectory.Path);
    }

    [Fact]
    public void WithoutXdgTheCacheIsUnderHome()
    {
        var directories = ModelDirectories.Resolve(null, name => name == "HOME" ? "/home/someone" : null);

        Assert.Equal("/home/someone/.cache/animegan/models", Assert.Single(directories.Searched).Path);
    }

    [Fact]
    public void FindsTheFirstFolderHoldingTheFile()
    {
        var first = Directory.CreateTempSubdirectory().FullName;
        var second = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllText(Path.Combine(second, "x.onnx"), "");

        var directories = ModelDirectories.Resolve(first, name => name == "ANIMEGAN_MODELS" ? second : null);

        Assert.Equal(Path.Combine(second, "x.onnx"), directories.Find("x.onnx"));
        Assert.Null(directories.Find("y.onnx"));
    }
}
