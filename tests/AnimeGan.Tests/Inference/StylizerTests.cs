using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Tests.Imaging;

namespace AnimeGan.Tests.Inference;

public class StylizerTests(HayaoFixture hayao) : IClassFixture<HayaoFixture>
{
    [Fact]
    public void HayaoIsAnNchwGeneratorWithFreeSpatialSize()
    {
        var signature = hayao.Model.Signature;

        Assert.Equal(TensorLayout.Nchw, signature.Layout);
        Assert.Null(signature.FixedWidth);
        Assert.Null(signature.FixedHeight);
    }

    [Fact]
    public void OutputKeepsTheInputSizeAndChangesThePicture()
    {
        using var photo = new ImageCodec().Decode(TestData.Image("scene_2.jpg"));
        var input = photo.ReadColour(200, 136);

        var styled = hayao.Model.Run(input);

        Assert.Equal((200, 136, 3), (styled.Width, styled.Height, styled.Bands));
        Assert.InRange(TestImages.MeanAbsoluteDifference(input, styled), 3, 80);
    }

    [Fact]
    public void SidesThatAreNotMultiplesOfEightAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => hayao.Model.Run(new PixelBuffer(100, 64, 3)));
        Assert.Contains("multiples of 8", error.Message);
    }

    [Fact]
    public void TiledStylizationMatchesTheWholeImageWithoutSeams()
    {
        using var photo = new ImageCodec().Decode(TestData.Image("scene_3.jpg"));
        var input = photo.ReadColour(480, 320);
        using var tiled = new ImageModel(TestData.HayaoModel, settings: new InferenceSettings { TileSize = 256 });

        var whole = hayao.Model.Run(input);
        var stitched = tiled.Run(input);

        // Each tile normalises its own activations, so tiles differ a little from the whole-image pass; the
        // cross-fade keeps that small everywhere, seams included.
        Assert.True(TestImages.MeanAbsoluteDifference(whole, stitched) < 6,
            $"tiled result is {TestImages.MeanAbsoluteDifference(whole, stitched):F2} levels from the whole-image result");
        var columns = TilePlanTests.TileStarts(480, 256).Skip(1);
        foreach (var seam in columns)
            Assert.True(ColumnJump(stitched, seam) < ColumnJump(whole, seam) + 8, $"visible seam at x={seam}");
    }

    [Fact]
    public void AFileThatIsNotOnnxGivesAModelLoadError()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "fake.onnx");
        File.WriteAllText(path, "not a model");

        var error = Assert.Throws<ModelLoadException>(() => new ImageModel(path));

        Assert.Contains("fake.onnx", error.Message);
    }

    [Fact]
    public void AModelThatIsNotAGeneratorIsRefused()
    {
        var error = Assert.Throws<ModelSignatureException>(() => new ImageModel(Path.Combine(TestData.Models, "blazeface_front.onnx")));

        Assert.Contains("image tensor", error.Message);
    }

    /// <summary>Mean absolute step between the columns left and right of x.</summary>
    private static double ColumnJump(PixelBuffer image, int x)
    {
        long sum = 0;
        for (var y = 0; y < image.Height; y++)
        for (var c = 0; c < 3; c++)
            sum += Math.Abs(image.Row(y)[x * 3 + c] - image.Row(y)[(x - 1) * 3 + c]);
        return (double)sum / (image.Height * 3);
    }
}
