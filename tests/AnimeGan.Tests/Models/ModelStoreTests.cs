using AnimeGan.Inference;
using AnimeGan.Models;

namespace AnimeGan.Tests.Models;

public class ModelStoreTests
{
    private static ModelDirectories Only(string directory) =>
        ModelDirectories.Resolve(directory, name => name == "XDG_CACHE_HOME" ? Path.Combine(directory, "cache") : null);

    [Fact]
    public void TheRegisteredHayaoStyleLoadsFromTheModelDirectory()
    {
        using var store = new ModelStore(Only(TestData.Models));

        var stylizer = store.GetGenerator("hayao");

        Assert.Same(stylizer, store.GetGenerator("HAYAO"));
        Assert.Equal("hayao", store.DefaultStyle);
    }

    [Fact]
    public void AnUnknownStyleNamesTheKnownOnesAndHowToAdd()
    {
        using var store = new ModelStore(Only(TestData.Models));

        var error = Assert.Throws<UnknownModelException>(() => store.GetGenerator("vangogh"));

        Assert.Contains("'vangogh'", error.Message);
        Assert.Contains("hayao", error.Message);
        Assert.Contains("animegan models add", error.Message);
    }

    [Fact]
    public void AMissingModelNamesTheStyleTheFoldersAndTheCommand()
    {
        var empty = Directory.CreateTempSubdirectory().FullName;
        using var store = new ModelStore(Only(empty));

        var error = Assert.Throws<ModelNotFoundException>(() => store.GetGenerator("hayao"));

        Assert.Contains("'hayao'", error.Message);
        Assert.Contains("animeganv2_hayao.onnx", error.Message);
        Assert.Contains(empty, error.Message);
        Assert.Contains("user cache", error.Message);
        Assert.Contains("animegan models add", error.Message);
    }

    [Fact]
    public void AFileWithTheRightNameButOtherContentIsRejected()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        File.Copy(Path.Combine(TestData.Models, "ultraface_rfb_320.onnx"), Path.Combine(folder, "animeganv2_hayao.onnx"));
        using var store = new ModelStore(Only(folder));

        var error = Assert.Throws<ModelNotFoundException>(() => store.GetGenerator("hayao"));

        Assert.Contains("sha256", error.Message);
    }

    [Fact]
    public void AddingTheHayaoFileInstallsItUnderItsRegisteredName()
    {
        var target = Directory.CreateTempSubdirectory().FullName;

        var (entry, installed) = ModelInstaller.Add(Only(target), TestData.HayaoModel, name: null);

        Assert.Equal("hayao", entry.Name);
        Assert.Equal(Path.Combine(target, "animeganv2_hayao.onnx"), installed);
        using var store = new ModelStore(Only(target));
        Assert.NotNull(store.GetGenerator("hayao"));
    }

    [Fact]
    public void AddingAGeneratorUnderANewNameRegistersAUserStyle()
    {
        var target = Directory.CreateTempSubdirectory().FullName;

        var (entry, installed) = ModelInstaller.Add(Only(target), TestData.HayaoModel, name: "my-style");

        Assert.True(entry.UserAdded);
        // Found by running it: AnimeGANv2 halves the picture twice before it doubles it back, so it takes any multiple of 4.
        Assert.Equal(ModelContract.Generator with { Layout = TensorLayout.Nchw, SizeMultiple = 4 }, entry.Contract);
        Assert.True(File.Exists(installed));
        using var store = new ModelStore(Only(target));
        Assert.Contains(store.Registry.Generators, e => e.Name == "my-style");
        Assert.NotNull(store.GetGenerator("my-style"));
    }

    [Fact]
    public void AddingSomethingThatIsNotAGeneratorIsRefusedAndInstallsNothing()
    {
        var target = Directory.CreateTempSubdirectory().FullName;

        Assert.Throws<ModelSignatureException>(() =>
            ModelInstaller.Add(Only(target), Path.Combine(TestData.Models, "blazeface_front.onnx"), name: "faces"));
        Assert.Empty(Directory.GetFiles(target));
    }

    [Theory]
    [InlineData("Has Spaces")]
    [InlineData("../escape")]
    [InlineData("hayao")]
    public void BadOrTakenNamesAreRefused(string name)
    {
        var target = Directory.CreateTempSubdirectory().FullName;
        var notHayao = Path.Combine(target, "other.onnx");
        File.Copy(Path.Combine(TestData.Models, "ultraface_rfb_320.onnx"), notHayao);

        Assert.Throws<ArgumentException>(() => ModelInstaller.Add(Only(target), notHayao, name));
    }
}
