using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using AnimeGan.Server.Forms;

namespace AnimeGan.Server.Tests.Forms;

public class ConversionFormTests
{
    private readonly ConversionForm _form = new(new ServerOptions { MaxWorkingSize = 2048 });

    private ConversionSettings Bind(params (string Name, string Value)[] fields) =>
        _form.Bind(fields.Select(f => KeyValuePair.Create(f.Name, new[] { f.Value })));

    [Fact]
    public void NoFieldsGiveTheDefaultSettings() => Assert.Equal(new ConversionSettings(), Bind());

    [Fact]
    public void EveryFieldReachesItsSetting()
    {
        var settings = Bind(("size", "512"), ("keepSize", "on"), ("format", "WEBP"), ("quality", "75"));
        Assert.Equal(new ConversionSettings { MaxSize = 512, KeepSize = true, Format = OutputFormat.Webp, Quality = 75 }, settings);
        Assert.Null(Bind(("format", "auto")).Format);
        Assert.False(Bind(("keepSize", "false")).KeepSize);
    }

    [Theory]
    [InlineData("size", "2056")]
    [InlineData("size", "63")]
    [InlineData("size", "512.5")]
    [InlineData("size", "")]
    [InlineData("quality", "101")]
    [InlineData("keepSize", "2")]
    [InlineData("format", "tiff")]
    public void ABadValueNamesItsField(string field, string value)
    {
        var error = Assert.Throws<BadOptionException>(() => Bind((field, value)));
        Assert.Equal(field, error.Field);
        Assert.StartsWith($"{field} must be", error.Message);
    }

    [Fact]
    public void UnknownAndRepeatedFieldsAreRefused()
    {
        Assert.Equal("sise", Assert.Throws<BadOptionException>(() => Bind(("sise", "512"))).Field);
        var repeated = Assert.Throws<BadOptionException>(() => _form.Bind([KeyValuePair.Create("size", new[] { "256", "512" })]));
        Assert.Equal("size", repeated.Field);
    }

    [Fact]
    public void DescriptionsCarryTheServerLimitsAndTheDefaults()
    {
        var size = _form.Describe().Single(d => d.Name == "size");
        Assert.Equal((64.0, 2048.0, 1024), (size.Min, size.Max, (int)size.Default));
        Assert.All(_form.Describe(), d => Assert.False(string.IsNullOrEmpty(d.Label)));
    }

    [Fact]
    public void AFileOptionTakesNoTextButAnEmptyValueThatDropsAPresetsFile()
    {
        var preset = new ConversionSettings { Look = new() { Lut = "/srv/looks/dusk.cube" } };

        Assert.Null(_form.Bind([KeyValuePair.Create("lut", new[] { "" })], preset).Look.Lut);
        var error = Assert.Throws<BadOptionException>(() => Bind(("lut", "/etc/passwd")));
        Assert.Equal("lut", error.Field);
        Assert.Equal("dusk.cube", _form.Values(preset)["lut"]);
    }

    [Theory]
    [InlineData("0.25", true)]
    [InlineData("1", true)]
    [InlineData("0,25", false)]
    [InlineData("NaN", false)]
    [InlineData("Infinity", false)]
    [InlineData("1.5", false)]
    public void DecimalOptionsTakeInvariantFiniteNumbersInRange(string text, bool accepted)
    {
        // Strengths and thresholds (faces, looks) will be decimals: the same option type, a floating-point value.
        var strength = new RangeOption<double>("strength", "Strength", "Look", 0, 1,
            s => s.Quality / 100.0, (s, v) => s with { Quality = (int)Math.Round(v * 100) }) { Step = 0.05 };
        if (accepted)
            Assert.Equal((int)Math.Round(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) * 100),
                strength.Apply(new ConversionSettings(), text).Quality);
        else
            Assert.Equal("strength", Assert.Throws<BadOptionException>(() => strength.Apply(new ConversionSettings(), text)).Field);
        Assert.Equal(("number", 0.05), (strength.Describe(new ConversionSettings()).Type, strength.Describe(new ConversionSettings()).Step));
    }
}
