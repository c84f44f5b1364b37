using AnimeGan.Imaging;
using AnimeGan.Looks;
using AnimeGan.Pipeline;
using AnimeGan.Tests.Imaging;

namespace AnimeGan.Tests.Looks;

public class FlipTtaTests(HayaoFixture hayao) : IClassFixture<HayaoFixture>
{
    [Fact]
    public void TtaOfASymmetricImageIsSymmetric()
    {
        var photo = LookImages.Photo("scene_1.jpg", 256, 192);
        for (var y = 0; y < photo.Height; y++)
        {
            var row = photo.Row(y);
            for (var x = 0; x < photo.Width / 2; x++)
                row.Slice(x * 3, 3).CopyTo(row.Slice((photo.Width - 1 - x) * 3, 3));
        }

        var plain = hayao.Model.Run(photo);
        var tta = FlipTta.Stylize(hayao.Model, photo);

        Assert.Equal(FlipTta.Mirror(tta).Data, tta.Data);
        // The generator alone is not mirror-symmetric, so the test can tell TTA from no TTA.
        Assert.True(TestImages.MaxAbsoluteDifference(plain, FlipTta.Mirror(plain)) > 2);
    }

    [Fact]
    public void TheConverterRunsTheLookAfterTheGenerator()
    {
        var converter = new PhotoConverter(new ImageCodec());
        var settings = new ConversionSettings
        {
            MaxSize = 256,
            Format = OutputFormat.Png,
            Look = PresetCatalog.BuiltIn().Require("shinkai-grade").Look,
        };

        var result = converter.Convert(TestData.Image("scene_3.jpg"), hayao.Pipeline(settings));
        var plain = converter.Convert(TestData.Image("scene_3.jpg"), hayao.Pipeline(settings with { Look = LookSettings.None }));

        Assert.Contains(result.Timings.Stages, stage => stage.Key == "look");
        Assert.DoesNotContain(plain.Timings.Stages, stage => stage.Key == "look");
        Assert.Equal(plain.OutputSize, result.OutputSize);
        using var graded = converter.Codec.Decode(result.Encoded);
        using var ungraded = converter.Codec.Decode(plain.Encoded);
        var (width, height) = result.OutputSize;
        Assert.True(LookImages.Mean(graded.ReadColour(width, height), 2) > LookImages.Mean(ungraded.ReadColour(width, height), 2),
            "the Shinkai grade makes the picture bluer");
    }
}
