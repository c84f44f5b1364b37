using AnimeGan.Options;
using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Pipeline;

namespace AnimeGan.Tests.Faces;

[Collection(FaceCollection.Name)]
public class FaceDetectionTests(FaceFixture fixture)
{
    public static TheoryData<string> Portraits => new(FaceFixture.Photos("face_"));

    /// <summary>group_5 is a portrait: the people behind her are a few pixels tall, below any useful minimum.</summary>
    public static TheoryData<string> GroupPhotos => new(FaceFixture.Photos("group_").Where(name => name != "group_5.jpg"));

    [Theory]
    [MemberData(nameof(Portraits))]
    public void EachPortraitYieldsExactlyOneFaceWithItsFivePointsInsideItsBox(string name)
    {
        var faces = fixture.Painter.Find(fixture.Photo(name), new FaceSettings());

        var face = Assert.Single(faces);
        foreach (var point in face.Landmarks.ToArray())
            Assert.True(face.Box.Contains(point), $"{name}: landmark {point} is outside the box {face.Box}");
        Assert.True(face.Landmarks.LeftEye.X < face.Landmarks.RightEye.X, $"{name}: the eyes are swapped");
        Assert.True(face.Landmarks.NoseTip.Y < (face.Landmarks.MouthLeft.Y + face.Landmarks.MouthRight.Y) / 2, $"{name}: the nose is below the mouth");
    }

    [Theory]
    [MemberData(nameof(GroupPhotos))]
    public void GroupPhotosYieldSeveralFacesAllInsideTheImage(string name)
    {
        var photo = fixture.Photo(name, WorkingSize.DefaultMaxSide);
        // Several of these crowds have faces of 15–30 px: search down to 16.
        var faces = fixture.Painter.Find(photo, new FaceSettings { MinSize = 16 });

        Assert.True(faces.Count >= 2, $"{name}: {faces.Count} face(s)");
        foreach (var face in faces)
        {
            var box = face.Box;
            Assert.True(box is { Left: >= 0, Top: >= 0 } && box.Right <= photo.Width && box.Bottom <= photo.Height && box.Area > 0,
                $"{name}: box {box} is not inside the {photo.Width}x{photo.Height} image");
            Assert.True(Math.Max(box.Width, box.Height) >= 16, $"{name}: box {box} is below the minimum size");
        }
    }

    [Fact]
    public void ThePyramidFindsSmallFacesTheLetterboxAloneMisses()
    {
        // 1600×898: the letterbox shrinks it to 0.4, where a 20 px face is 8 detector pixels.
        var photo = fixture.Photo("group_17.jpg");
        var detector = fixture.Models.Detector;
        var scales = FaceDetector.PyramidScales(photo.Width, photo.Height, 20);
        Assert.Equal(2, scales.Count);

        var letterboxOnly = detector.Detect(photo, new FaceSettings().Threshold, 20, scales.Take(1));
        var pyramid = detector.Detect(photo, new FaceSettings().Threshold, 20);

        Assert.True(pyramid.Count >= 1.5 * letterboxOnly.Count, $"pyramid {pyramid.Count} faces, letterbox alone {letterboxOnly.Count}");
        for (var i = 0; i < pyramid.Count; i++)
        for (var j = i + 1; j < pyramid.Count; j++)
            Assert.True(pyramid[i].Box.IntersectionOverUnion(pyramid[j].Box) <= FaceDetector.OverlapLimit, "two boxes for one face survived the merge");
    }

    [Theory]
    [InlineData(1024, 768, 40, new[] { 0.625f })]
    [InlineData(640, 480, 40, new[] { 1f })]
    [InlineData(2048, 2048, 40, new[] { 0.234375f, 0.5f })]
    [InlineData(8192, 6144, 40, new[] { 0.078125f, 0.125f, 0.25f, 0.5f })]
    public void FinerLevelsAreAddedOnlyWhereTheLetterboxShrinksTheMinimumFaceBelowWhatTheDetectorSees(int width, int height, int minSize, float[] expected)
    {
        var scales = FaceDetector.PyramidScales(width, height, minSize).Order().ToArray();
        Assert.Equal(expected, scales, (a, b) => Math.Abs(a - b) < 1e-4);
    }

    [Fact]
    public void AFaceBelowTheMinimumSizeIsLeftAlone()
    {
        // face_9's face (~180 px) shrunk to ~30 px, on a grey 320×240 canvas.
        var small = Resampler.Resize(fixture.Photo("face_9.jpg"), 42, 44);
        var canvas = Grey(320, 240);
        for (var y = 0; y < small.Height; y++) small.Row(y).CopyTo(canvas.Row(100 + y)[(140 * 3)..]);

        Assert.Empty(fixture.Painter.Find(canvas, new FaceSettings()));
        var found = Assert.Single(fixture.Painter.Find(canvas, new FaceSettings { MinSize = 16 }));
        Assert.InRange(Math.Max(found.Box.Width, found.Box.Height), 16, 39);
    }

    [Fact]
    public void AGreyImageHasNoFaces()
    {
        Assert.Empty(fixture.Painter.Find(Grey(640, 480), new FaceSettings()));
        // Nothing near a face either, even at a threshold far below the default, and nothing in the letterbox padding.
        Assert.Empty(fixture.Models.Detector.Detect(Grey(64, 64), 0.3f, ConversionOptions.FaceMinSize.Min));
    }

    [Fact]
    public void AFaceCutByTheImageBorderIsFoundWithItsBoxClippedToTheImage()
    {
        // face_1's face spans x 97–268; keep x < 200, about half of it.
        var photo = Resampler.Crop(fixture.Photo("face_1.jpg"), 0, 0, 200, 376);

        var face = Assert.Single(fixture.Painter.Find(photo, new FaceSettings()));

        Assert.Equal(200f, face.Box.Right);
        Assert.True(face.Box.Left is > 50 and < 150, $"box {face.Box}");
        Assert.True(face.Box.Contains(face.Landmarks.LeftEye), "the eye inside the picture is inside the box");
    }

    internal static PixelBuffer Grey(int width, int height)
    {
        var grey = new PixelBuffer(width, height, 3);
        Array.Fill(grey.Data, (byte)128);
        return grey;
    }
}
