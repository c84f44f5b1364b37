using System.Numerics;
using AnimeGan.Faces;
using AnimeGan.Imaging;

namespace AnimeGan.Tests.Faces;

[Collection(FaceCollection.Name)]
public class FaceAlignmentTests(FaceFixture fixture)
{
    public static TheoryData<string> Portraits => FaceDetectionTests.Portraits;

    [Fact]
    public void TheSimilarityFitRecoversAKnownTransformAndTheInverseUndoesIt()
    {
        var known = SimilarityTransform.SquareCrop(new Vector2(310, 205), 180, 0.4f, 512);
        Vector2[] from = [new(250, 180), new(330, 170), new(300, 230), new(260, 270), new(340, 262)];
        var to = from.Select(known.Apply).ToArray();

        var fitted = SimilarityTransform.Fit(from, to, [1, 1, 1, 1, 1]);

        Assert.Equal(known.Scale, fitted.Scale, 3);
        Assert.Equal(known.Rotation, fitted.Rotation, 4);
        foreach (var point in from)
        {
            Assert.True((fitted.Apply(point) - known.Apply(point)).Length() < 1e-2f);
            Assert.True((fitted.Inverse().Apply(fitted.Apply(point)) - point).Length() < 1e-3f);
        }
    }

    [Theory]
    [MemberData(nameof(Portraits))]
    public void AlignmentPutsTheEyeCentresWithinThreePixelsOfTheTemplate(string name)
    {
        var picture = fixture.Photo(name);
        var face = Assert.Single(fixture.Painter.Find(picture, new FaceSettings()));
        var aligner = new FaceAligner();

        var aligned = aligner.Align(picture, face);

        var leftEye = aligned.PictureToTemplate.Apply(face.Landmarks.LeftEye);
        var rightEye = aligned.PictureToTemplate.Apply(face.Landmarks.RightEye);
        Assert.True((leftEye - aligner.Template.LeftEye).Length() < 3, $"{name}: left eye lands at {leftEye}, the template's is {aligner.Template.LeftEye}");
        Assert.True((rightEye - aligner.Template.RightEye).Length() < 3, $"{name}: right eye lands at {rightEye}, the template's is {aligner.Template.RightEye}");
    }

    /// <summary>
    /// Bright blobs at sub-pixel positions, warped into an aligned crop (turned 23°, enlarged or
    /// reduced) and back: each blob's centroid must come back within a pixel of where it was. We hold it
    /// to a quarter pixel: a slip in the pixel-centre convention shifts content by about half a pixel.
    /// </summary>
    [Theory]
    [InlineData(220f)]
    [InlineData(700f)]
    [InlineData(1400f)]
    public void WarpingACropThereAndBackMovesAPixelLessThanOnePixel(float cropSideInPicture)
    {
        const int side = 400;
        var blobs = new List<Vector2>();
        for (var gy = 0; gy < 5; gy++)
        for (var gx = 0; gx < 5; gx++)
            blobs.Add(new Vector2(120 + gx * 40 + 0.3f * gx, 120 + gy * 40 + 0.45f * gy));
        var picture = Blobs(side, blobs);
        var toCrop = SimilarityTransform.SquareCrop(new Vector2(200.5f, 199.25f), cropSideInPicture, 0.4f, 512);

        var crop = BicubicWarp.Warp(picture, toCrop, 0, 0, 512, 512);
        var back = BicubicWarp.Warp(crop, toCrop.Inverse(), 0, 0, side, side);

        var insideCrop = blobs.Where(b => toCrop.Apply(b) is { X: > 24 and < 488, Y: > 24 and < 488 }).ToList();
        Assert.True(insideCrop.Count >= 9, $"only {insideCrop.Count} blobs fall inside the crop");
        foreach (var blob in insideCrop)
        {
            var before = Centroid(picture, blob);
            var after = Centroid(back, blob);
            Assert.True((after - before).Length() < 0.25f, $"the blob at {blob} moved from {before} to {after}");
        }
    }

    private static PixelBuffer Blobs(int side, IReadOnlyList<Vector2> centres)
    {
        var image = new PixelBuffer(side, side, 3);
        for (var y = 0; y < side; y++)
        for (var x = 0; x < side; x++)
        {
            var brightness = 30f;
            foreach (var centre in centres)
                brightness += 200f * MathF.Exp(-(new Vector2(x + 0.5f, y + 0.5f) - centre).LengthSquared() / (2 * 3.5f * 3.5f));
            image.Row(y).Slice(x * 3, 3).Fill((byte)Math.Min(255f, MathF.Round(brightness)));
        }
        return image;
    }

    /// <summary>The brightness-weighted centre (above the background) of the 15×15 window around <paramref name="near"/>.</summary>
    private static Vector2 Centroid(PixelBuffer image, Vector2 near)
    {
        var (sum, total) = (Vector2.Zero, 0f);
        for (var y = (int)near.Y - 7; y <= (int)near.Y + 7; y++)
        for (var x = (int)near.X - 7; x <= (int)near.X + 7; x++)
        {
            var weight = Math.Max(0f, image.Row(y)[x * 3] - 30f);
            sum += weight * new Vector2(x + 0.5f, y + 0.5f);
            total += weight;
        }
        return sum / total;
    }
}
