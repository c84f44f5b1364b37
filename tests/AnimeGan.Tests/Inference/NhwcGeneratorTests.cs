using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using AnimeGan.Tests.Cli;
using AnimeGan.Tests.Imaging;

namespace AnimeGan.Tests.Inference;

/// <summary>The NHWC twin of Hayao, written once, and a session on it and on the NCHW original.</summary>
public sealed class NhwcHayaoFixture : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("animegan-nhwc-").FullName;

    public NhwcHayaoFixture()
    {
        ModelPath = Path.Combine(_folder, "animeganv2_hayao_nhwc.onnx");
        NhwcTwin.Write(TestData.HayaoModel, ModelPath);
        Nhwc = new ImageModel(ModelPath);
        Nchw = new ImageModel(TestData.HayaoModel);
    }

    public string ModelPath { get; }
    public ImageModel Nhwc { get; }
    public ImageModel Nchw { get; }

    public void Dispose()
    {
        Nhwc.Dispose();
        Nchw.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

public class NhwcGeneratorTests(NhwcHayaoFixture twin) : IClassFixture<NhwcHayaoFixture>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("animegan-nhwc-cli-").FullName;

    [Fact]
    public void TheSignatureReadsNhwcAndTheFilesOwnNames()
    {
        var signature = twin.Nhwc.Signature;

        Assert.Equal(TensorLayout.Nhwc, signature.Layout);
        Assert.Equal((NhwcTwin.InputName, NhwcTwin.OutputName), (signature.InputName, signature.OutputName));
        Assert.Null(signature.FixedHeight);
        Assert.Null(signature.FixedWidth);
        Assert.Equal([1L, 192, 256, 3], signature.Shape(192, 256));
    }

    [Fact]
    public void NhwcGivesTheSamePixelsAsNchwOnANonSquarePhoto()
    {
        var photo = Photo(256, 192);

        var fromNhwc = twin.Nhwc.Run(photo);
        var fromNchw = twin.Nchw.Run(photo);

        Assert.Equal((256, 192), (fromNhwc.Width, fromNhwc.Height));
        Assert.True(TestImages.MaxAbsoluteDifference(fromNhwc, fromNchw) <= 1,
            $"NHWC is up to {TestImages.MaxAbsoluteDifference(fromNhwc, fromNchw)} levels from NCHW");
        Assert.InRange(TestImages.MeanAbsoluteDifference(photo, fromNhwc), 3, 80);
    }

    [Fact]
    public void TiledNhwcGivesTheSamePixelsAsTiledNchw()
    {
        // Lower than a tile, so the tiles are 128x120: a square tile would hide swapped height and width.
        var photo = Photo(320, 120);
        var smallTiles = new InferenceSettings { TileSize = 128 };
        using var nhwc = new ImageModel(twin.ModelPath, settings: smallTiles);
        using var nchw = new ImageModel(TestData.HayaoModel, settings: smallTiles);

        var fromNhwc = nhwc.Run(photo);
        var fromNchw = nchw.Run(photo);

        Assert.Equal((320, 120), (fromNhwc.Width, fromNhwc.Height));
        Assert.True(TestImages.MaxAbsoluteDifference(fromNhwc, fromNchw) <= 1,
            $"tiled NHWC is up to {TestImages.MaxAbsoluteDifference(fromNhwc, fromNchw)} levels from tiled NCHW");
    }

    [Fact]
    public void TheCliAddsTheNhwcFileAndConvertsWithIt()
    {
        var models = Path.Combine(_work, "models");

        var add = CliRunner.Run(_work, "models", "add", twin.ModelPath, "--name", "hayao-nhwc", "--models", models);
        Assert.True(add.ExitCode == 0, add.ToString());
        var contract = ModelRegistry.ReadUserEntries(models).Single(e => e.Name == "hayao-nhwc").Contract;
        Assert.Equal((TensorLayout.Nhwc, 4), (contract.Layout, contract.SizeMultiple));

        var convert = CliRunner.Run(_work, "convert", TestData.Image("scene_1.jpg"), "--model", twin.ModelPath,
            "--size", "256", "--no-faces", "-o", "nhwc.png", "--models", models);
        Assert.True(convert.ExitCode == 0, convert.ToString());
        using var original = new ImageCodec().Decode(TestData.Image("scene_1.jpg"));
        using var converted = new ImageCodec().Decode(Path.Combine(_work, "nhwc.png"));
        // The working size is rounded to the multiple the model was found to take.
        Assert.Equal(WorkingSize.For(original.Width, original.Height, 256, 4), (converted.Width, converted.Height));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static PixelBuffer Photo(int width, int height)
    {
        using var photo = new ImageCodec().Decode(TestData.Image("scene_1.jpg"));
        return photo.ReadColour(width, height);
    }
}
