using AnimeGan.Imaging;

namespace AnimeGan.Tests.Imaging;

public class BadInputTests
{
    private readonly ImageCodec _codec = new();

    [Fact]
    public void ZeroBytesAreRejectedAsEmpty()
    {
        var error = Assert.Throws<ImageRejectedException>(() => _codec.Decode(ReadOnlySpan<byte>.Empty));
        Assert.Equal(ImageRejection.Empty, error.Reason);

        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "empty.jpg");
        File.WriteAllBytes(path, []);
        Assert.Equal(ImageRejection.Empty, Assert.Throws<ImageRejectedException>(() => _codec.Decode(path)).Reason);
    }

    [Fact]
    public void TextNamedJpgIsNotAnImage()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "notes.jpg");
        File.WriteAllText(path, "these are holiday notes, not a photo\n");

        var error = Assert.Throws<ImageRejectedException>(() => _codec.Decode(path));

        Assert.Equal(ImageRejection.NotAnImage, error.Reason);
        Assert.Contains("not an image", error.Message);
    }

    [Fact]
    public void TruncatedJpegIsUndecodable()
    {
        var whole = File.ReadAllBytes(TestData.Image("face_1.jpg"));
        var truncated = whole[..(whole.Length / 2)];

        var error = Assert.Throws<ImageRejectedException>(() =>
        {
            using var photo = _codec.Decode(truncated);
            photo.ReadColour(photo.Width, photo.Height);
        });

        Assert.Equal(ImageRejection.Undecodable, error.Reason);
    }

    [Fact]
    public void HeaderClaimingFortyThousandSquareIsRefusedBeforeDecoding()
    {
        var bomb = TestImages.PngHeaderOnly(40000, 40000);

        var error = Assert.Throws<ImageRejectedException>(() => _codec.Decode(bomb));

        Assert.Equal(ImageRejection.TooLarge, error.Reason);
        Assert.Contains("40000x40000", error.Message);
    }

    [Fact]
    public void PixelBudgetIsSettable()
    {
        var strict = new ImageCodec(new ImageLimits { MaxPixels = 1000 });

        Assert.Equal(ImageRejection.TooLarge,
            Assert.Throws<ImageRejectedException>(() => strict.Decode(TestData.Image("face_1.jpg"))).Reason);
    }

    [Fact]
    public void StreamsOverTheByteLimitAreRefused()
    {
        var codec = new ImageCodec(new ImageLimits { MaxBytes = 1024 });
        using var stream = File.OpenRead(TestData.Image("face_1.jpg"));

        Assert.Equal(ImageRejection.TooLarge, Assert.Throws<ImageRejectedException>(() => codec.Decode(stream)).Reason);
    }

    [Fact]
    public void FormatsOutsideTheAcceptedListAreRefused()
    {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"u8.ToArray();

        var error = Assert.Throws<ImageRejectedException>(() => _codec.Decode(svg));

        Assert.Equal(ImageRejection.NotAnImage, error.Reason);
    }

    [Fact]
    public void ACorruptFileLeavesTheCodecUsable()
    {
        Assert.Throws<ImageRejectedException>(() => _codec.Decode("garbage that is not an image"u8));

        using var photo = _codec.Decode(TestData.Image("face_1.jpg"));
        Assert.Contains(photo.ReadColour(64, 64).Data, v => v != 0);
    }
}
