using AnimeGan.Looks;
using AnimeGan.Pipeline;

namespace AnimeGan.Tests.Looks;

public class LookSettingsTests : TemporaryFolder
{
    [Theory]
    [InlineData(3.0, "strength must be 0 to 1, not 3")]
    [InlineData(-0.5, "strength must be 0 to 1, not -0.5")]
    [InlineData(double.NaN, "strength must be 0 to 1")]
    public void AStrengthOutsideZeroToOneIsRefused(double strength, string message)
    {
        var settings = new ConversionSettings { Look = new LookSettings { Strength = strength } };
        var error = Assert.Throws<ArgumentException>(settings.Validate);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void OtherValuesOutOfRangeAreRefused()
    {
        Assert.Contains("sharpen must be", Assert.Throws<ArgumentException>(new LookSettings { Sharpen = 9 }.Validate).Message);
        Assert.Contains("sharpen radius", Assert.Throws<ArgumentException>(new LookSettings { SharpenRadius = 0 }.Validate).Message);
        Assert.Contains("glow must be 0 to 1", Assert.Throws<ArgumentException>(new LookSettings { Glow = 2 }.Validate).Message);
        Assert.Contains("unknown grade", Assert.Throws<ArgumentException>(new LookSettings { Grade = (LookGrade)7 }.Validate).Message);
    }

    [Fact]
    public void AMissingLutIsRefused()
    {
        var missing = Path.Combine(Folder, "nowhere.cube");
        var error = Assert.Throws<ArgumentException>(new ConversionSettings { Look = new LookSettings { Lut = missing } }.Validate);
        Assert.Equal($"LUT file not found: {missing}", error.Message);
    }

    [Fact]
    public void ABrokenLutIsRefusedWithItsLineNumber()
    {
        var broken = Path.Combine(Folder, "broken.cube");
        File.WriteAllText(broken, "TITLE \"half\"\nLUT_3D_SIZE 2\n0 0 0\n1 0 zero\n");
        var error = Assert.Throws<ArgumentException>(new LookSettings { Lut = broken }.Validate);
        Assert.Contains("broken.cube line 4: expected three numbers", error.Message);
    }

    [Fact]
    public void AColourReferenceThatIsNotAnImageIsRefused()
    {
        var notAnImage = Path.Combine(Folder, "notes.jpg");
        File.WriteAllText(notAnImage, "just text");
        Assert.Contains("colour reference", Assert.Throws<ArgumentException>(new LookSettings { ColorRef = notAnImage }.Validate).Message);
        Assert.Contains("not found", Assert.Throws<ArgumentException>(new LookSettings { ColorRef = notAnImage + ".png" }.Validate).Message);
    }

    [Fact]
    public void TheDefaultsChangeNothing()
    {
        LookSettings.None.Validate();
        Assert.False(LookSettings.None.ChangesPixels);
        Assert.Equal("none", LookSettings.None.Describe());
    }
}
