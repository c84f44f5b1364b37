using AnimeGan.Imaging;
using AnimeGan.Options;
using AnimeGan.Pipeline;
using AnimeGan.Tests.Imaging;

namespace AnimeGan.Tests.Pipeline;

public class PhotoConverterTests(HayaoFixture hayao) : IClassFixture<HayaoFixture>
{
    private readonly PhotoConverter _converter = new(new ImageCodec());

    [Fact]
    public void ConvertsAtTheWorkingSizeAndReportsEveryStage()
    {
        var result = _converter.Convert(TestData.Image("face_2.jpg"), hayao.Pipeline(new ConversionSettings { MaxSize = 256 }));

        using var output = _converter.Codec.Decode(result.Encoded);
        Assert.Equal(WorkingSize.For(result.InputSize.Width, result.InputSize.Height, 256), (output.Width, output.Height));
        Assert.Equal(OutputFormat.Jpeg, result.Format);
        Assert.Equal(["decode", "stylize", "encode"], result.Timings.Stages.Select(s => s.Key));
    }

    [Fact]
    public void KeepSizeGivesThePhotosOwnDimensions()
    {
        var result = _converter.Convert(TestData.Image("face_3.jpg"),
            hayao.Pipeline(new ConversionSettings { MaxSize = 128, KeepSize = true, Format = OutputFormat.Png }));

        using var output = _converter.Codec.Decode(result.Encoded);
        Assert.Equal(result.InputSize, (output.Width, output.Height));
        Assert.Equal("png", output.SourceFormat);
    }

    [Fact]
    public void TransparencyIsPutBackOnTheResult()
    {
        var colour = TestImages.Gradient(120, 80);
        var alpha = new PixelBuffer(120, 80, 1);
        for (var y = 0; y < 80; y++) alpha.Row(y).Fill((byte)(y < 40 ? 255 : 0));
        var png = _converter.Codec.Encode(colour, alpha, OutputFormat.Png);

        var result = _converter.Convert(png, hayao.Pipeline(new ConversionSettings()));

        Assert.Equal(OutputFormat.Png, result.Format);
        using var output = _converter.Codec.Decode(result.Encoded);
        var outputAlpha = output.ReadAlpha(output.Width, output.Height)!;
        Assert.Equal(255, outputAlpha.Row(5)[10]);
        Assert.Equal(0, outputAlpha.Row(output.Height - 5)[10]);
    }

    [Fact]
    public void ProgressRunsFromZeroToOne()
    {
        var reports = new List<ConversionProgress>();

        _converter.Convert(TestData.Image("face_4.jpg"), hayao.Pipeline(new ConversionSettings { MaxSize = 128 }),
            new InlineProgress<ConversionProgress>(reports.Add));

        Assert.Equal(0, reports[0].Fraction);
        Assert.Equal(1, reports[^1].Fraction);
        Assert.Contains(reports, r => r.Stage == "stylize");
        Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.First.Fraction <= pair.Second.Fraction));
    }

    [Fact]
    public void OneModelRunMovesTheBarWhileItRuns()
    {
        // At 512 px the picture is one tile, one session run of over half a second on any CPU (105 GMAC): the
        // bar moves through it from the model's measured rate instead of jumping from its start to its end.
        var reports = new List<ConversionProgress>();
        var pipeline = hayao.Pipeline(new ConversionSettings { MaxSize = 512 });
        _converter.Convert(TestData.Image("scene_1.jpg"), pipeline);

        _converter.Convert(TestData.Image("scene_1.jpg"), pipeline, new InlineProgress<ConversionProgress>(reports.Add));

        var painting = reports.Where(r => r.Stage == "stylize").Select(r => r.Fraction).ToList();
        Assert.True(painting.Distinct().Count() > 2, $"the stylize stage reported {string.Join(", ", painting)}");
        Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.First.Fraction <= pair.Second.Fraction));
    }

    [Fact]
    public void BadSettingsAreRefusedBeforeAnyWork()
    {
        Assert.Throws<OptionValueException>(() =>
            _converter.Convert(TestData.Image("face_1.jpg"), hayao.Pipeline(new ConversionSettings { Quality = 0 })));
    }
}
