using AnimeGan.Options;
using System.Numerics;
using AnimeGan.Looks;

namespace AnimeGan.Tests.Looks;

/// <summary>Distances are earth mover's distances between per-channel CDFs, in L*, a* or b* units.</summary>
public class ColourTransferTests
{
    [Fact]
    public void MatchingUndoesAKnownColourCast()
    {
        // The reference is the photo itself with a lightness curve and a green-blue cast: matching the
        // photo to it must reproduce that picture.
        var photo = LookImages.Photo("scene_2.jpg", 320, 216);
        var cast = photo.Clone();
        Lut3D.BakeInLab(33, lab => new Vector3(100 * MathF.Pow(lab.X / 100, 0.85f), 0.8f * lab.Y - 4, 0.8f * lab.Z - 8)).Apply(cast);
        var reference = LabHistograms.Of(cast);
        var before = LabHistograms.Of(photo);

        var result = photo.Clone();
        new ColourTransfer(reference).Apply(result);

        var after = LabHistograms.Of(result);
        for (var channel = 0; channel < 3; channel++)
        {
            Assert.True(LabHistograms.Distance(before, reference, channel) > 3, "the cast is large enough to matter");
            Assert.True(LabHistograms.Distance(after, reference, channel) < 0.75,
                $"channel {"Lab"[channel]}: distance {LabHistograms.Distance(after, reference, channel):F2} after matching");
        }
        var meanDifference = result.Data.Zip(cast.Data, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanDifference < 1.5, $"mean difference from the cast picture {meanDifference:F2} levels");
    }

    [Fact]
    public void TheResultTakesOnAnotherPhotosDistribution()
    {
        // A grey-white street scene matched to a green, shadowy forest scene. Per-channel matching can
        // ask for colours outside sRGB, which are clipped, so a* and b* land within a couple of units.
        var image = LookImages.Photo("scene_1.jpg", 320, 216);
        var reference = ConversionOptions.ColorRef.Load(TestData.Image("scene_3.jpg"));
        var before = LabHistograms.Of(image);

        var result = new LookSettings { ColorRef = reference }.Apply(image, image);

        var after = LabHistograms.Of(result);
        Assert.True(LabHistograms.Distance(before, reference.Content, 0) > 20, "the photos differ in lightness");
        for (var channel = 0; channel < 3; channel++)
            Assert.True(LabHistograms.Distance(after, reference.Content, channel) < 2,
                $"channel {"Lab"[channel]}: distance {LabHistograms.Distance(after, reference.Content, channel):F2} after matching (was {LabHistograms.Distance(before, reference.Content, channel):F2})");
    }
}
