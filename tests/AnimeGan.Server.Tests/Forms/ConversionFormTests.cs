using AnimeGan.Imaging;
using AnimeGan.Looks;
using AnimeGan.Options;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using AnimeGan.Server.Forms;
using AnimeGan.Tests.Looks;

namespace AnimeGan.Server.Tests.Forms;

public class ConversionFormTests
{
    private readonly ConversionForm _form = new(new ServerOptions { MaxWorkingSize = 2048 },
        new FormChoices([new OptionChoice("hayao", "Hayao")], "hayao", null));

    private ConversionSettings Bind(params (string Name, string Value)[] fields) =>
        _form.Bind(fields.Select(f => KeyValuePair.Create(f.Name, new[] { f.Value })), []);

    [Fact]
    public void NoFieldsGiveTheDefaultSettingsWithTheServersDefaultStyle() =>
        Assert.Equal(new ConversionSettings { Style = "hayao" }, Bind());

    [Fact]
    public void EveryFieldReachesItsSetting()
    {
        var settings = Bind(("size", "512"), ("keepSize", "on"), ("format", "WEBP"), ("quality", "75"), ("style", "HAYAO"));
        Assert.Equal(new ConversionSettings { Style = "hayao", MaxSize = 512, KeepSize = true, Format = OutputFormat.Webp, Quality = 75 }, settings);
        Assert.Null(Bind(("format", "auto")).Format);
        Assert.Equal(OutputFormat.Jpeg, Bind(("format", "jpg")).Format);
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
    [InlineData("style", "vangogh")]
    [InlineData("faceStyle", "vangogh")]
    [InlineData("faceThreshold", "1")]
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
        var repeated = Assert.Throws<BadOptionException>(() => _form.Bind([KeyValuePair.Create("size", new[] { "256", "512" })], []));
        Assert.Equal("size", repeated.Field);
    }

    [Fact]
    public void DescriptionsCarryTheServerLimitsAndTheDefaults()
    {
        var size = _form.Describe().Single(d => d.Name == "size");
        Assert.Equal((64.0, 2048.0, 1024), (size.Min, size.Max, (int)size.Default));
        Assert.Equal(["same", "hayao"], _form.Describe().Single(d => d.Name == "faceStyle").Choices!.Select(c => c.Value));
        Assert.All(_form.Describe(), d => Assert.False(string.IsNullOrEmpty(d.Label)));
    }

    [Fact]
    public void AFileOptionTakesNoTextButAnEmptyValueThatDropsAPresetsFile()
    {
        var preset = new ConversionSettings { Look = new() { Lut = LookFiles.Lut("dusk.cube", System.Text.Encoding.ASCII.GetBytes(CubeText.SwapRedBlue())) } };

        Assert.Null(_form.Bind([KeyValuePair.Create("lut", new[] { "" })], [], preset).Look.Lut);
        var error = Assert.Throws<BadOptionException>(() => Bind(("lut", "/etc/passwd")));
        Assert.Equal("lut", error.Field);
        Assert.Equal("dusk.cube", _form.Values(preset)["lut"]);
    }

    [Fact]
    public void AnUploadedLutIsReadIntoTheSettingsAndABrokenOneNamesItsLine()
    {
        var lut = new Upload("swap.cube", System.Text.Encoding.ASCII.GetBytes(CubeText.SwapRedBlue()));
        var settings = _form.Bind([], [KeyValuePair.Create("lut", lut)]);
        Assert.Equal("swap.cube", settings.Look.Lut!.Name);

        var broken = new Upload("broken.cube", "LUT_3D_SIZE 2\n0 0 0\nnot numbers\n"u8.ToArray());
        var error = Assert.Throws<BadOptionException>(() => _form.Bind([], [KeyValuePair.Create("lut", broken)]));
        Assert.Equal("lut", error.Field);
        Assert.Equal(3, error.Extensions!["line"]);
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
        if (accepted)
            Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), Bind(("strength", text)).Look.Strength);
        else
            Assert.Equal("strength", Assert.Throws<BadOptionException>(() => Bind(("strength", text))).Field);
        var strength = _form.Describe().Single(d => d.Name == "strength");
        Assert.Equal(("number", 0.05), (strength.Type, strength.Step));
    }
}
