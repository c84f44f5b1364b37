using AnimeGan.Imaging;
using AnimeGan.Looks;
using AnimeGan.Options;
using AnimeGan.Pipeline;

namespace AnimeGan.Tests.Looks;

public class LookSettingsTests : TemporaryFolder
{
    private static void Validate(LookSettings look) => new ConversionSettings { Look = look }.Validate();

    [Theory]
    [InlineData(3.0, "strength must be 0 to 1, not 3")]
    [InlineData(-0.5, "strength must be 0 to 1, not -0.5")]
    [InlineData(double.NaN, "strength must be 0 to 1")]
    public void AStrengthOutsideZeroToOneIsRefused(double strength, string message)
    {
        var error = Assert.Throws<OptionValueException>(() => Validate(new LookSettings { Strength = strength }));
        Assert.Contains(message, error.Message);
        Assert.Equal("strength", error.Option);
    }

    [Fact]
    public void OtherValuesOutOfRangeAreRefused()
    {
        Assert.Contains("sharpen must be", Assert.Throws<OptionValueException>(() => Validate(new LookSettings { Sharpen = 9 })).Message);
        Assert.Contains("sharpenRadius must be", Assert.Throws<OptionValueException>(() => Validate(new LookSettings { SharpenRadius = 0 })).Message);
        Assert.Contains("glow must be 0 to 1", Assert.Throws<OptionValueException>(() => Validate(new LookSettings { Glow = 2 })).Message);
        Assert.Contains("grade must be one of none, shinkai", Assert.Throws<OptionValueException>(() => Validate(new LookSettings { Grade = (LookGrade)7 })).Message);
    }

    [Fact]
    public void AMissingLutIsRefused()
    {
        var missing = Path.Combine(Folder, "nowhere.cube");
        var error = Assert.Throws<OptionValueException>(() => ConversionOptions.Lut.Load(missing));
        Assert.Equal($"lut: file not found: {missing}", error.Message);
    }

    [Fact]
    public void ABrokenLutIsRefusedWithItsLineNumber()
    {
        var broken = Path.Combine(Folder, "broken.cube");
        File.WriteAllText(broken, "TITLE \"half\"\nLUT_3D_SIZE 2\n0 0 0\n1 0 zero\n");
        var error = Assert.Throws<OptionValueException>(() => ConversionOptions.Lut.Load(broken));
        Assert.Contains("broken.cube line 4: expected three numbers", error.Message);
    }

    [Fact]
    public void AColourReferenceThatIsNotAnImageIsRefused()
    {
        var notAnImage = Path.Combine(Folder, "notes.jpg");
        File.WriteAllText(notAnImage, "just text");
        Assert.Contains("colorRef", Assert.Throws<OptionValueException>(() => ConversionOptions.ColorRef.Load(notAnImage)).Message);
        Assert.Contains("not found", Assert.Throws<OptionValueException>(() => ConversionOptions.ColorRef.Load(notAnImage + ".png")).Message);
    }

    [Fact]
    public void ALutIsReadOnceIntoTheSettingsAndNeverFromItsFileAgain()
    {
        var path = Path.Combine(Folder, "swap.cube");
        File.WriteAllText(path, CubeText.SwapRedBlue(2));
        var look = new LookSettings { Lut = ConversionOptions.Lut.Load(path) };
        File.Delete(path);

        var pixel = look.Apply(new PixelBuffer(1, 1, 3, [200, 100, 10]), new PixelBuffer(1, 1, 3));

        Assert.Equal([10, 100, 200], pixel.Data);
        Assert.Equal("lut swap.cube", look.Describe());
    }

    [Fact]
    public void TheDefaultsChangeNothing()
    {
        Validate(LookSettings.None);
        Assert.False(LookSettings.None.ChangesPixels);
        Assert.Equal("none", LookSettings.None.Describe());
    }
}
