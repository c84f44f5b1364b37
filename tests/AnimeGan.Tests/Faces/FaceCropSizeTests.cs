using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using AnimeGan.Faces;
using AnimeGan.Imaging;

namespace AnimeGan.Tests.Faces;

/// <summary>Each face is painted at a crop that fits it (<see cref="FaceAligner.Fitting"/>) instead of always at 512 px.</summary>
[Collection(FaceCollection.Name)]
public class FaceCropSizeTests(FaceFixture fixture)
{
    [Theory]
    [InlineData(10, 8, 288)] // a tiny face: never below the smallest crop
    [InlineData(40, 8, 320)] // eyes 40 px apart: the crop spans 160 px of the picture, painted at twice that
    [InlineData(40, 16, 320)]
    [InlineData(41, 16, 336)] // rounded up to the model's multiple
    [InlineData(300, 8, 512)] // a large face: never above the trained size
    [InlineData(41, 12, 336)] // a multiple that is not a divisor of 8: the crop still is a multiple of 8 and of 12
    public void TheCropIsTwiceThePicturePixelsItSpansOnTheModelsMultipleWithinBounds(float eyeDistance, int multiple, int expected)
    {
        var landmarks = new FaceLandmarks(new Vector2(100, 100), new Vector2(100 + eyeDistance, 100), new Vector2(120, 130), new Vector2(105, 150), new Vector2(135, 150));
        var size = FaceAligner.Fitting(landmarks, multiple).Size;
        Assert.Equal(expected, size);
        Assert.Equal(0, size % multiple);
    }

    /// <summary>
    /// Faces painted at their fitted crop look like faces painted at 512 (SSIM of each face's box). CI
    /// checks three photos at 512 px; ANIMEGAN_FACE_FIT_PHOTOS=all checks every portrait at 512 and every
    /// group photo at 1024, and writes the figures, crop sizes and face-stage times included, to
    /// TestResults/face-crops.json (BENCHMARKS.md).
    /// </summary>
    [Fact]
    public void FacesPaintedAtTheirFittedCropMatchFacesPaintedAt512()
    {
        (string Name, int Size)[] photos = Environment.GetEnvironmentVariable("ANIMEGAN_FACE_FIT_PHOTOS") == "all"
            ? [.. FaceFixture.Photos("face_").Select(name => (name, 512)), .. FaceFixture.Photos("group_").Select(name => (name, 1024))]
            : [("face_2.jpg", 512), ("face_9.jpg", 512), ("group_13.jpg", 512)];
        var atMaxSize = new FacePainter(fixture.Models, new FaceAligner(FaceAligner.MaxSize));
        var figures = new List<object>();
        foreach (var (name, size) in photos)
        {
            var picture = fixture.Photo(name, size);
            var styled = fixture.Hayao.Run(picture);
            var started = Stopwatch.GetTimestamp();
            var fitted = fixture.Painter.Paint(picture, styled, fixture.Hayao, new());
            var fittedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            started = Stopwatch.GetTimestamp();
            var reference = atMaxSize.Paint(picture, styled, fixture.Hayao, new());
            var referenceMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            foreach (var face in reference.Faces)
            {
                var (left, top) = ((int)Math.Max(0, face.Box.Left), (int)Math.Max(0, face.Box.Top));
                var (width, height) = ((int)Math.Min(picture.Width, face.Box.Right) - left, (int)Math.Min(picture.Height, face.Box.Bottom) - top);
                var ssim = ImageComparison.Ssim(Resampler.Crop(fitted.Result, left, top, width, height), Resampler.Crop(reference.Result, left, top, width, height));
                var crop = FaceAligner.Fitting(face.Landmarks, fixture.Hayao.Contract.SizeMultiple).Size;
                figures.Add(new { photo = name, size, face = $"{width}x{height}", crop, ssim = Math.Round(ssim, 4), fittedMs = Math.Round(fittedMs), referenceMs = Math.Round(referenceMs) });
                Assert.True(ssim >= 0.95, $"{name}: the {width}x{height} face painted at {crop} px has SSIM {ssim:F3} against 512 px");
            }
        }
        Directory.CreateDirectory(Path.Combine(TestData.RepoRoot, "TestResults"));
        File.WriteAllText(Path.Combine(TestData.RepoRoot, "TestResults", "face-crops.json"), JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
    }
}
