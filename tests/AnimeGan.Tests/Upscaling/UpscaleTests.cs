using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using AnimeGan.Tests.Cli;
using AnimeGan.Tests.Imaging;

namespace AnimeGan.Tests.Upscaling;

/// <summary>HD: the ESRGAN upscalers as a model kind with a scale, tiled, after the look.</summary>
public class UpscaleTests : CliTestFolder
{
    private readonly ModelStore _store = new(new ModelDirectories([new ModelDirectory(TestData.Models, "tests")]));
    private readonly ImageCodec _codec = new();

    public override void Dispose()
    {
        _store.Dispose();
        base.Dispose();
    }

    private ModelEntry Slim2 => _store.RequireEntry("esrgan-slim-x2", ModelKind.Upscaler);

    [Fact]
    public void SlimTwoReproducesTheReferenceOutputWithinTwoLevels()
    {
        using var input = _codec.Decode(TestData.Reference("hayao_input_256.png"));
        using var expected = _codec.Decode(TestData.Reference("esrgan_slim_x2_output_512.png"));

        var actual = _store.GetImageModel("esrgan-slim-x2", ModelKind.Upscaler).Run(input.ReadColour(256, 256));

        Assert.Equal((512, 512), (actual.Width, actual.Height));
        var worst = TestImages.MaxAbsoluteDifference(actual, expected.ReadColour(512, 512));
        Assert.True(worst <= 2, $"the largest difference from the oracle is {worst} levels");
    }

    [Fact]
    public void TiledTwiceEqualsUntiledTwiceWithinTwoLevels()
    {
        using var photo = _codec.Decode(TestData.Image("scene_2.jpg"));
        var picture = photo.ReadColour(600, 400);
        var path = _store.RequireFile(Slim2);
        using var tiled = new ImageModel(path, Slim2.Contract with { Tile = 160 });
        using var whole = new ImageModel(path, Slim2.Contract with { Tile = 1024 });

        var tiles = new List<double>();
        var fromTiles = tiled.Run(picture, new InlineProgress<double>(tiles.Add));
        var fromWhole = whole.Run(picture);

        Assert.True(tiles.Count >= 6, $"{tiles.Count} progress reports: one per tile");
        Assert.Equal((1200, 800), (fromTiles.Width, fromTiles.Height));
        var worst = TestImages.MaxAbsoluteDifference(fromTiles, fromWhole);
        Assert.True(worst <= 2, $"tiles differ from the whole picture by up to {worst} levels");
    }

    [Fact]
    public void AnUpscaledConversionIsTwiceTheWorkingSizeAndKeepsItsTransparency()
    {
        var colour = TestImages.Gradient(200, 120);
        var alpha = new PixelBuffer(200, 120, 1);
        for (var y = 0; y < 120; y++) alpha.Row(y).Fill((byte)(y < 60 ? 255 : 0));
        var png = _codec.Encode(colour, alpha, OutputFormat.Png);
        var settings = new ConversionSettings { MaxSize = 128, Upscale = 2, UpscaleModel = "slim", Faces = new FaceSettings { Enabled = false } };

        var result = new PhotoConverter(_codec).Convert(png, new FramePipelineBuilder(_store).Build(settings));

        Assert.Equal((128, 80), result.WorkingSize);
        Assert.Equal((256, 160), result.OutputSize);
        Assert.Contains(result.Timings.Stages, s => s.Key == "upscale");
        using var output = _codec.Decode(result.Encoded);
        var outputAlpha = output.ReadAlpha(256, 160)!;
        Assert.Equal(255, outputAlpha.Row(10)[100]);
        Assert.Equal(0, outputAlpha.Row(150)[100]);
    }

    [Fact]
    public void LanczosHdNeedsNoModelAndEnlargesExactly()
    {
        var settings = new ConversionSettings { MaxSize = 128, Upscale = 4, Faces = new FaceSettings { Enabled = false } };

        var result = new PhotoConverter(_codec).Convert(TestData.Image("face_9.jpg"), new FramePipelineBuilder(_store).Build(settings));

        Assert.Equal("lanczos", settings.UpscaleModel);
        Assert.Equal((result.WorkingSize.Width * 4, result.WorkingSize.Height * 4), result.OutputSize);
        Assert.Contains(result.Timings.Stages, s => s.Key == "upscale");
    }

    [Fact]
    public void KeepSizeShrinksAnUpscaleToThePhotoButNeverEnlargesItFurther()
    {
        var settings = new ConversionSettings { MaxSize = 128, Upscale = 2, KeepSize = true, Faces = new FaceSettings { Enabled = false } };
        var pipeline = new FramePipelineBuilder(_store).Build(settings);

        // A 1000×750 photo painted at 128×96: the 2× (256×192) is still smaller than the photo, and stays as it is.
        Assert.Equal((256, 192), pipeline.Plan((1000, 750)).Output);
        // A 200×150 photo: the 2× (256×192) is larger than the photo, so it is brought down to the photo's size.
        Assert.Equal((200, 150), pipeline.Plan((200, 150)).Output);
    }

    [Fact]
    public void AResultOverThePixelBudgetIsRefusedBeforeAnyModelRuns()
    {
        var codec = new ImageCodec(new ImageLimits { MaxPixels = 3_000_000 });
        var settings = new ConversionSettings { MaxSize = 1024, Upscale = 4, Faces = new FaceSettings { Enabled = false } };
        var pipeline = new FramePipelineBuilder(_store).Build(settings);
        var reports = new List<ConversionProgress>();

        var error = Assert.Throws<ImageRejectedException>(() =>
            new PhotoConverter(codec).Convert(TestData.Image("scene_2.jpg"), pipeline, new InlineProgress<ConversionProgress>(reports.Add)));

        Assert.Equal(ImageRejection.TooLarge, error.Reason);
        Assert.Contains("the result is 4096x", error.Message);
        Assert.Contains("over the limit of 3 MP", error.Message);
        Assert.Empty(reports);
    }

    [Fact]
    public void UpscaleThreeIsAUsageError()
    {
        var result = AnimeganInProcess("convert", TestData.Image("face_1.jpg"), "-o", InFolder("x.jpg"), "--upscale", "3");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--upscale must be one of off, 2, 4, not '3'", result.StdErr);
    }

    [Fact]
    public void TheSlimUpscalerIsBuiltInAndWorksFromAnEmptyModelFolder()
    {
        var cache = Path.Combine(Folder, "cache");
        using var store = new ModelStore(new ModelDirectories([new ModelDirectory(cache, "user cache")]));

        var model = store.GetImageModel("esrgan-slim-x2", ModelKind.Upscaler);

        Assert.Equal(2, model.Scale);
        Assert.Equal(ModelStore.Sha256Of(model.ModelPath), Slim2.Sha256);
        Assert.StartsWith(cache, model.ModelPath);
        Assert.Contains("MIT License", BuiltInModels.Licence(Slim2));
    }
}
