using AnimeGan.Imaging;
using NetVips;

namespace AnimeGan.Tests.Imaging;

public class ImageCodecTests
{
    private readonly ImageCodec _codec = new();
    private readonly PixelBuffer _gradient = TestImages.Gradient(96, 64);

    [Theory]
    [InlineData(".png", "png", 0.0)]
    [InlineData(".tif", "tiff", 0.0)]
    [InlineData(".jpg", "jpeg", 3.0)]
    [InlineData(".webp", "webp", 3.0)]
    [InlineData(".gif", "gif", 6.0)] // 256-colour palette
    [InlineData(".heif", "heif", 4.0)] // AVIF: AV1 in a HEIF container
    public void EveryFormatRoundTrips(string suffix, string sniffedFormat, double tolerance)
    {
        // This libvips build encodes HEIF only with AV1 (no HEVC encoder), which is exactly AVIF.
        var bytes = suffix == ".heif"
            ? TestImages.Encode(_gradient, suffix, new VOption { { "compression", Enums.ForeignHeifCompression.Av1 } })
            : TestImages.Encode(_gradient, suffix);

        using var decoded = _codec.Decode(bytes);

        Assert.Equal(sniffedFormat, decoded.SourceFormat);
        Assert.Equal((96, 64), (decoded.Width, decoded.Height));
        Assert.False(decoded.HasAlpha);
        var difference = TestImages.MeanAbsoluteDifference(_gradient, decoded.ReadFull());
        Assert.True(difference <= tolerance, $"{suffix}: mean difference {difference:F2} > {tolerance}");
    }

    [Theory]
    [InlineData(OutputFormat.Png, 0.0)]
    [InlineData(OutputFormat.Jpeg, 3.0)]
    [InlineData(OutputFormat.Webp, 3.0)]
    public void OurEncoderOutputDecodesBack(OutputFormat format, double tolerance)
    {
        var bytes = _codec.Encode(_gradient, null, format, quality: 95);

        using var decoded = _codec.Decode(bytes);

        Assert.Equal(format.ToString().ToLowerInvariant(), decoded.SourceFormat);
        Assert.True(TestImages.MeanAbsoluteDifference(_gradient, decoded.ReadFull()) <= tolerance);
    }

    [Fact]
    public void FormatIsSniffedFromContentNotFileName()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "actually-a-png.jpg");
        File.WriteAllBytes(path, TestImages.Encode(_gradient, ".png"));

        using var decoded = _codec.Decode(path);

        Assert.Equal("png", decoded.SourceFormat);
    }

    [Fact]
    public void GifGivesItsFirstFrame()
    {
        var red = TestImages.Solid(32, 32, 255, 0, 0);
        var bytes = TestImages.Encode(red, ".gif");

        using var decoded = _codec.Decode(bytes);

        var pixel = decoded.ReadFull().Data.AsSpan(0, 3).ToArray();
        Assert.Equal([255, 0, 0], pixel.Select(v => (int)v).ToArray());
    }

    [Fact]
    public void ExifOrientationSixComesOutUpright()
    {
        // Stored 40 wide × 20 tall, left half red and right half blue. Orientation 6 means "rotate 90° clockwise
        // to display", so the upright picture is 20 × 40 with red on top.
        var stored = new PixelBuffer(40, 20, 3);
        for (var y = 0; y < 20; y++)
        for (var x = 0; x < 40; x++)
        {
            stored.Row(y)[x * 3] = (byte)(x < 20 ? 255 : 0);
            stored.Row(y)[x * 3 + 2] = (byte)(x < 20 ? 0 : 255);
        }
        var bytes = TestImages.JpegWithOrientation(stored, 6);

        using var decoded = _codec.Decode(bytes);
        var upright = decoded.ReadFull();

        Assert.Equal((20, 40), (decoded.Width, decoded.Height));
        Assert.True(upright.Row(5)[10 * 3] > 200 && upright.Row(5)[10 * 3 + 2] < 60, "top should be red");
        Assert.True(upright.Row(35)[10 * 3] < 60 && upright.Row(35)[10 * 3 + 2] > 200, "bottom should be blue");
    }

    [Fact]
    public void CmykJpegBecomesRgb()
    {
        var bytes = TestImages.EncodeInColourspace(_gradient, Enums.Interpretation.Cmyk, ".jpg");

        using var decoded = _codec.Decode(bytes);
        var rgb = decoded.ReadFull();

        Assert.Equal(3, rgb.Bands);
        // CMYK → sRGB goes through a print profile whose gamut clips the gradient's saturated corners: colours
        // come back close, not exact. Channels read as inverted or unconverted ink would be ~100 levels off.
        var difference = TestImages.MeanAbsoluteDifference(_gradient, rgb);
        Assert.True(difference < 20, $"CMYK round trip differs by {difference:F1} levels on average");
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".jpg")]
    public void GreyImageBecomesThreeEqualChannels(string suffix)
    {
        var bytes = TestImages.EncodeInColourspace(_gradient, Enums.Interpretation.Bw, suffix);

        using var decoded = _codec.Decode(bytes);
        var rgb = decoded.ReadFull();

        Assert.Equal(3, rgb.Bands);
        for (var i = 0; i < rgb.Data.Length; i += 3)
        {
            Assert.Equal(rgb.Data[i], rgb.Data[i + 1]);
            Assert.Equal(rgb.Data[i], rgb.Data[i + 2]);
        }
        Assert.True(rgb.Data.Max() - rgb.Data.Min() > 100, "the grey ramp should survive");
    }

    [Fact]
    public void SixteenBitPngBecomesEightBit()
    {
        using var decoded = _codec.Decode(TestImages.Png16(_gradient));

        Assert.Equal(0, TestImages.MaxAbsoluteDifference(_gradient, decoded.ReadFull()));
    }

    [Fact]
    public void AlphaIsKeptAsideAndPutBack()
    {
        var rgba = AlphaPlane.Attach(_gradient, HorizontalRamp(96, 64));
        using var decoded = _codec.Decode(TestImages.Encode(rgba, ".png"));

        Assert.True(decoded.HasAlpha);
        var colour = decoded.ReadFull();
        var alpha = decoded.ReadAlpha(96, 64)!;
        Assert.Equal(0, TestImages.MaxAbsoluteDifference(_gradient, colour));
        Assert.Equal(0, TestImages.MaxAbsoluteDifference(HorizontalRamp(96, 64), alpha));

        using var reencoded = _codec.Decode(_codec.Encode(colour, alpha, OutputFormat.Png));
        Assert.True(reencoded.HasAlpha);
        Assert.Equal(0, TestImages.MaxAbsoluteDifference(HorizontalRamp(96, 64), reencoded.ReadAlpha(96, 64)!));
    }

    [Fact]
    public void JpegOutputFlattensTransparencyOntoWhite()
    {
        var colour = TestImages.Solid(16, 16, 0, 0, 0);
        var transparent = new PixelBuffer(16, 16, 1);

        using var decoded = _codec.Decode(_codec.Encode(colour, transparent, OutputFormat.Jpeg));

        Assert.True(decoded.ReadFull().Data.All(v => v > 245));
    }

    [Fact]
    public void ResizingOnReadKeepsTheRequestedSize()
    {
        using var decoded = _codec.Decode(TestImages.Encode(_gradient, ".png"));

        var small = decoded.ReadColour(40, 24);

        Assert.Equal((40, 24, 3), (small.Width, small.Height, small.Bands));
    }

    private static PixelBuffer HorizontalRamp(int width, int height)
    {
        var alpha = new PixelBuffer(width, height, 1);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            alpha.Row(y)[x] = (byte)(255 * x / (width - 1));
        return alpha;
    }
}
