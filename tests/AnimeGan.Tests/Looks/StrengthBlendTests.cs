using AnimeGan.Looks;

namespace AnimeGan.Tests.Looks;

public class StrengthBlendTests
{
    private readonly AnimeGan.Imaging.PixelBuffer _photo = LookImages.Photo("scene_1.jpg", 160, 120);
    private readonly AnimeGan.Imaging.PixelBuffer _stylized = LookImages.Photo("scene_2.jpg", 160, 120);

    [Fact]
    public void StrengthZeroGivesThePhoto()
    {
        var result = new LookSettings { Strength = 0 }.Apply(_stylized, _photo);
        Assert.Equal(_photo.Data, result.Data);
    }

    [Fact]
    public void StrengthOneGivesTheStylizedImage()
    {
        var image = _stylized.Clone();
        new StrengthBlend(_photo, 1).Apply(image);
        Assert.Equal(_stylized.Data, image.Data);
    }

    [Fact]
    public void StrengthBetweenBlendsLinearly()
    {
        var result = new LookSettings { Strength = 0.25 }.Apply(_stylized, _photo);

        for (var i = 0; i < result.Data.Length; i++)
            Assert.InRange(result.Data[i] - (0.25 * _stylized.Data[i] + 0.75 * _photo.Data[i]), -1, 1);
        Assert.NotEqual(_stylized.Data, result.Data); // the chain returned a new buffer and left its inputs alone
    }
}
