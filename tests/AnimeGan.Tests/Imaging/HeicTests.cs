using AnimeGan.Imaging;
using NetVips;

namespace AnimeGan.Tests.Imaging;

public class HeicTests(HeifEncoder heifEnc) : IClassFixture<HeifEncoder>
{
    /// <summary>1024 × 484: a decode that came out turned or mirrored could not match it.</summary>
    private static readonly string Photo = TestData.Image("group_2.jpg");

    private readonly ImageCodec _codec = new();

    [Fact]
    public void AHeicDecodesUprightAtItsSizeAndCloseToThePhoto()
    {
        var heic = heifEnc.Heic(Photo);
        Assert.Equal("heic", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(heic), 8, 4)); // the ftyp brand: HEVC inside

        using var decoded = _codec.Decode(heic);
        using var original = _codec.Decode(Photo);

        Assert.Equal("heif", decoded.SourceFormat);
        Assert.Equal((original.Width, original.Height), (decoded.Width, decoded.Height));
        Assert.False(decoded.HasAlpha);
        var psnr = ImageComparison.Psnr(original.ReadColour(256, 121), decoded.ReadColour(256, 121));
        Assert.True(psnr > 30, $"HEIC against its source photo: PSNR {psnr:F1} dB");
    }

    [Fact]
    public void AHeicUploadDecodesLikeAHeicFile()
    {
        var heic = heifEnc.Heic(Photo);

        using var fromFile = _codec.Decode(heic);
        using var fromBytes = _codec.Decode(File.ReadAllBytes(heic));

        Assert.Equal(0, TestImages.MaxAbsoluteDifference(fromFile.ReadColour(128, 60), fromBytes.ReadColour(128, 60)));
    }

    [Fact]
    public void AHeicKeepsItsAlphaAside()
    {
        var gradient = TestImages.Gradient(96, 64);
        var ramp = new PixelBuffer(96, 64, 1);
        for (var y = 0; y < 64; y++)
        for (var x = 0; x < 96; x++)
            ramp.Row(y)[x] = (byte)(255 * x / 95);
        var png = heifEnc.PathFor("gradient-with-alpha.png");
        File.WriteAllBytes(png, _codec.Encode(gradient, ramp, OutputFormat.Png));

        using var decoded = _codec.Decode(heifEnc.Heic(png, quality: 95));

        Assert.True(decoded.HasAlpha);
        var alphaDifference = TestImages.MeanAbsoluteDifference(ramp, decoded.ReadAlpha(96, 64)!);
        Assert.True(alphaDifference < 4, $"alpha differs by {alphaDifference:F1} levels on average");
        var colourDifference = TestImages.MeanAbsoluteDifference(gradient, decoded.ReadColour(96, 64));
        Assert.True(colourDifference < 6, $"colour differs by {colourDifference:F1} levels on average");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.97)]
    public void ATruncatedHeicIsUndecodable(double keptFraction)
    {
        var whole = File.ReadAllBytes(heifEnc.Heic(TestData.Image("face_1.jpg")));
        var truncated = whole[..(int)(whole.Length * keptFraction)];

        var error = Assert.Throws<ImageRejectedException>(() =>
        {
            using var photo = _codec.Decode(truncated);
            photo.ReadColour(photo.Width, photo.Height);
        });

        Assert.Equal(ImageRejection.Undecodable, error.Reason);
        Assert.Contains("could not be read", error.Message);
    }

    [Fact]
    public void TheHeicPixelBudgetIsCheckedBeforeDecoding()
    {
        var strict = new ImageCodec(new ImageLimits { MaxPixels = 1000 });

        var error = Assert.Throws<ImageRejectedException>(() => strict.Decode(heifEnc.Heic(Photo)));

        Assert.Equal(ImageRejection.TooLarge, error.Reason);
        Assert.Contains("1024x484", error.Message);
    }

    [Fact]
    public void AnAvifFromLibheifDecodesThroughLibvips()
    {
        using var decoded = _codec.Decode(heifEnc.Avif(Photo));
        using var original = _codec.Decode(Photo);

        Assert.Equal("heif", decoded.SourceFormat);
        Assert.Equal((original.Width, original.Height), (decoded.Width, decoded.Height));
        var psnr = ImageComparison.Psnr(original.ReadColour(256, 121), decoded.ReadColour(256, 121));
        Assert.True(psnr > 30, $"AVIF against its source photo: PSNR {psnr:F1} dB");
    }

    /// <summary>
    /// Why HeicDecoder exists. Should a later NetVips.Native decode HEVC itself, this fails, and HEIC can go back
    /// to libvips (lazy decoding, one library fewer).
    /// </summary>
    [Fact]
    public void TheBundledLibvipsStillCannotDecodeHevc()
    {
        using var header = Image.NewFromFile(heifEnc.Heic(TestData.Image("face_1.jpg")));

        var error = Assert.Throws<VipsException>(() => header.WriteToMemory<byte>());

        Assert.Contains("HEVC", error.Message);
    }
}
