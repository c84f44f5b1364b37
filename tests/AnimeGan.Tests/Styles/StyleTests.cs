using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using AnimeGan.Tests.Cli;
using AnimeGan.Tests.Imaging;

namespace AnimeGan.Tests.Styles;

/// <summary>The five registered styles as a user meets them: each at its own size multiple, the published NHWC Cute accepted as it is.</summary>
public class StyleTests : TemporaryFolder
{
    private readonly ModelStore _store = new(new ModelDirectories([new ModelDirectory(TestData.Models, "tests")]));
    private readonly PhotoConverter _converter = new(new ImageCodec());

    public override void Dispose()
    {
        _store.Dispose();
        base.Dispose();
    }

    private FramePipeline Pipeline(string style, int size, bool keepSize = false) => new FramePipelineBuilder(_store).Build(new ConversionSettings
    {
        Style = style, MaxSize = size, KeepSize = keepSize, Format = OutputFormat.Png, Faces = new FaceSettings { Enabled = false },
    });

    [Theory]
    [InlineData("cute", 200, 16)]
    [InlineData("cute", 264, 16)]
    [InlineData("cartoon", 198, 4)]
    [InlineData("shinkai", 264, 8)]
    public void TheWorkingSizeIsRoundedToTheStylesOwnMultiple(string style, int size, int multiple)
    {
        // 264 is a multiple of 8 and not of 16: Cute must still get sides it can take.
        var result = _converter.Convert(TestData.Image("scene_3.jpg"), Pipeline(style, size));

        var (width, height) = result.OutputSize;
        Assert.Equal((0, 0), (width % multiple, height % multiple));
        Assert.True(Math.Max(width, height) <= size, $"{width}x{height} is over {size}");
        Assert.Equal(WorkingSize.For(result.InputSize.Width, result.InputSize.Height, size, multiple), result.OutputSize);
    }

    [Theory]
    [InlineData("cute")]
    [InlineData("cartoon")]
    [InlineData("hayao-v3")]
    public void AnOddSizedPhotoComesBackAtItsOwnSizeWithKeepSize(string style)
    {
        var png = _converter.Codec.Encode(TestImages.Gradient(333, 251), null, OutputFormat.Png);

        var result = _converter.Convert(png, Pipeline(style, 256, keepSize: true));

        Assert.Equal((333, 251), result.OutputSize);
        using var decoded = _converter.Codec.Decode(result.Encoded);
        Assert.Equal((333, 251), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void ThePublishedNhwcCuteIsAddedAsItIsAndPaintsTheSamePixelsAsItsNchwTwin()
    {
        var models = Path.Combine(Folder, "models");

        var add = CliRunner.InProcess("models", "add", Path.Combine(TestData.Models, "animeganv3_cute_nhwc.onnx"), "--name", "cute-nhwc", "--models", models);

        Assert.True(add.ExitCode == 0, add.ToString());
        var contract = ModelRegistry.ReadUserEntries(models).Single(e => e.Name == "cute-nhwc").Contract;
        Assert.Equal((TensorLayout.Nhwc, 16), (contract.Layout, contract.SizeMultiple));
        using var store = new ModelStore(new ModelDirectories([new ModelDirectory(models, "added"), new ModelDirectory(TestData.Models, "tests")]));
        using var photo = _converter.Codec.Decode(TestData.Image("face_2.jpg"));
        var pixels = photo.ReadColour(WorkingSize.For(photo.Width, photo.Height, 256, 16).Width, WorkingSize.For(photo.Width, photo.Height, 256, 16).Height);
        var published = store.GetGenerator("cute-nhwc").Run(pixels);
        var twin = store.GetGenerator("cute").Run(pixels);
        Assert.True(TestImages.MaxAbsoluteDifference(published, twin) <= 1,
            $"the published file is up to {TestImages.MaxAbsoluteDifference(published, twin)} levels from its NCHW twin");
    }
}
