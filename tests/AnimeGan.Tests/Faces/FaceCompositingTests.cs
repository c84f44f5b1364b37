using AnimeGan.Faces;
using AnimeGan.Imaging;

namespace AnimeGan.Tests.Faces;

[Collection(FaceCollection.Name)]
public class FaceCompositingTests(FaceFixture fixture)
{
    [Fact]
    public void OutsideTheUnionOfTheMasksTheResultEqualsTheFaceOffPictureExactly()
    {
        var (_, styled, painting) = fixture.TwoFaces;
        Assert.Equal(2, painting.Faces.Count);
        Assert.Equal(2, painting.Masks.Count);

        var (outside, changedInside) = (0, 0);
        for (var y = 0; y < styled.Height; y++)
        for (var x = 0; x < styled.Width; x++)
        {
            var pixel = (y * styled.Width + x) * 3;
            var same = styled.Data.AsSpan(pixel, 3).SequenceEqual(painting.Result.Data.AsSpan(pixel, 3));
            if (painting.Masks.All(mask => mask.At(x, y) == 0))
            {
                outside++;
                Assert.True(same, $"pixel {x},{y} is outside every mask but changed");
            }
            else if (!same) changedInside++;
        }
        Assert.True(outside > styled.Width * styled.Height / 2, "the masks cover most of the picture");
        Assert.True(changedInside > 2000, $"only {changedInside} pixels were repainted");
    }

    /// <summary>
    /// The seam test. Across the border — pixel pairs that straddle the mask's 50 % contour — the mean
    /// absolute difference between the two pixels of a pair may exceed the face-off picture's own by at
    /// most <see cref="SeamBound"/> level; and in the outer half of the feather the result may be
    /// lighter or darker than the face-off picture by at most <see cref="ToneBound"/> levels per channel.
    /// </summary>
    /// <remarks>
    /// Why these bounds. The face-off picture has its own texture across any line (7–16 levels between
    /// neighbours on these photos); a seam is what compositing adds to that. Measured on group_13,
    /// group_19 and face_9 (eight faces): a hard mask adds 2–5 levels with colour matching and 6–12
    /// without; the feathered blend adds none (it is 1–3.5 levels smoother than the picture). One level
    /// is well under the ~2 % of full scale (5 levels) at which a step along a line starts to show on
    /// mid-tones. For the tone: unmatched crops leave the outer feather up to 2.9 levels lighter on
    /// average (a halo), matched ones at most 0.7; 1.5 separates the two.
    /// </remarks>
    private const double SeamBound = 1.0, ToneBound = 1.5;

    [Fact]
    public void AcrossTheMaskBorderThereIsNoSeam()
    {
        var (_, styled, painting) = fixture.TwoFaces;
        var result = painting.Result;
        foreach (var mask in painting.Masks)
        {
            var (resultStep, pictureStep, pairs) = (0.0, 0.0, 0);
            var (tone, ringPixels) = (new double[3], 0);
            for (var y = mask.Top; y < mask.Top + mask.Alpha.Height; y++)
            for (var x = mask.Left; x < mask.Left + mask.Alpha.Width; x++)
            {
                var alpha = mask.At(x, y);
                if (alpha is > 0 and <= 128)
                {
                    ringPixels++;
                    for (var c = 0; c < 3; c++) tone[c] += result.Row(y)[x * 3 + c] - styled.Row(y)[x * 3 + c];
                }
                if (alpha < 128) continue;
                foreach (var (nx, ny) in new[] { (x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1) })
                {
                    if (nx < 0 || ny < 0 || nx >= result.Width || ny >= result.Height || mask.At(nx, ny) >= 128) continue;
                    pairs++;
                    for (var c = 0; c < 3; c++)
                    {
                        resultStep += Math.Abs(result.Row(y)[x * 3 + c] - result.Row(ny)[nx * 3 + c]) / 3.0;
                        pictureStep += Math.Abs(styled.Row(y)[x * 3 + c] - styled.Row(ny)[nx * 3 + c]) / 3.0;
                    }
                }
            }
            Assert.True(pairs > 100 && ringPixels > 200, $"the border has {pairs} pairs and the ring {ringPixels} pixels");
            Assert.True(resultStep / pairs <= pictureStep / pairs + SeamBound,
                $"across the border: {resultStep / pairs:F2} levels, the face-off picture {pictureStep / pairs:F2}");
            Assert.All(tone, sum => Assert.InRange(sum / ringPixels, -ToneBound, ToneBound));
        }
    }

    [Fact]
    public void EachMaskCoversItsFaceFeaturesAndFadesOutBeforeTheCropEdge()
    {
        var (picture, _, painting) = fixture.TwoFaces;
        for (var i = 0; i < painting.Faces.Count; i++)
        {
            var (face, mask) = (painting.Faces[i], painting.Masks[i]);
            foreach (var point in face.Landmarks.ToArray())
                Assert.Equal(255, mask.At((int)point.X, (int)point.Y));
            Assert.True(mask.Left >= 0 && mask.Top >= 0 && mask.Left + mask.Alpha.Width <= picture.Width
                        && mask.Top + mask.Alpha.Height <= picture.Height, "the mask reaches outside the picture");
            // The feather stays within the face's neighbourhood: nothing at twice the box's size from its centre.
            var reach = 1.2f * Math.Max(face.Box.Width, face.Box.Height);
            Assert.Equal(0, mask.At((int)(face.Box.Centre.X - reach), (int)face.Box.Centre.Y));
            Assert.Equal(0, mask.At((int)(face.Box.Centre.X + reach), (int)face.Box.Centre.Y));
        }
    }

    [Fact]
    public void TheLargestFaceIsPaintedLast()
    {
        var faces = fixture.TwoFaces.Painting.Faces;
        Assert.True(faces.Zip(faces.Skip(1)).All(pair => pair.First.Box.Area <= pair.Second.Box.Area));
    }

    [Fact]
    public void AFaceCutByTheImageBorderIsRepaintedInsideThePictureOnly()
    {
        // face_1 cut at x = 200 through the face; a 128 px crop keeps the test quick, compositing is the same.
        var picture = Resampler.Crop(fixture.Photo("face_1.jpg"), 0, 0, 200, 376);
        var styled = fixture.Hayao.Run(picture);
        var painter = new FacePainter(fixture.Models, new FaceAligner(128));

        var painting = painter.Paint(picture, styled, fixture.Hayao, new FaceSettings());

        var mask = Assert.Single(painting.Masks);
        Assert.Equal((200, 376), (painting.Result.Width, painting.Result.Height));
        Assert.Equal(200, mask.Left + mask.Alpha.Width);
        Assert.True(Enumerable.Range(0, 376).Any(y => mask.At(199, y) == 255), "the face reaches the border fully painted");
        for (var y = 0; y < picture.Height; y++)
        for (var x = 0; x < picture.Width; x++)
            if (mask.At(x, y) == 0)
                Assert.True(styled.Row(y).Slice(x * 3, 3).SequenceEqual(painting.Result.Row(y).Slice(x * 3, 3)), $"pixel {x},{y} changed");
    }

    [Fact]
    public void AGreyPictureComesBackUntouched()
    {
        var grey = FaceDetectionTests.Grey(256, 256);
        var styled = fixture.Hayao.Run(grey);

        var painting = fixture.Painter.Paint(grey, styled, fixture.Hayao, new FaceSettings());

        Assert.Empty(painting.Faces);
        Assert.Equal(styled.Data, painting.Result.Data);
    }

    [Theory]
    [InlineData("face_5.jpg", "hayao")]
    [InlineData("face_5.jpg", "shinkai")]
    [InlineData("face_13.jpg", "hayao")]
    [InlineData("group_2.jpg", "shinkai")]
    public void ACuteFaceInAnotherStylesPictureMeetsItWithoutASeam(string photo, string pictureStyle)
    {
        // The Cute network paints faces smoother and paler than Hayao or Shinkai paint the rest: where the
        // face's feathered edge crosses the picture, the colour must not step more than the picture itself does there.
        var picture = fixture.Photo(photo, 512);
        var styled = fixture.Store.GetGenerator(pictureStyle).Run(picture);
        var painting = fixture.Painter.Paint(picture, styled, fixture.Store.GetGenerator("cute"), new FaceSettings());

        Assert.NotEmpty(painting.Faces);
        foreach (var mask in painting.Masks)
        {
            var (seam, plain) = (Step(painting.Result, mask), Step(styled, mask));
            Assert.True(seam <= plain + 6, $"{photo} in {pictureStyle}: across the face's edge the colour steps {seam:F1} levels, the picture alone {plain:F1}");
        }
    }

    /// <summary>
    /// How far the mean colour just inside the mask's feathered edge (mask 90–99 %) is from the mean just
    /// outside it (1–10 %), averaged over the channels: a tone jump at the face's edge shows here.
    /// </summary>
    private static double Step(PixelBuffer image, FaceMask mask)
    {
        double[] inside = new double[3], outside = new double[3];
        var (inCount, outCount) = (0, 0);
        for (var y = 0; y < mask.Alpha.Height; y++)
        for (var x = 0; x < mask.Alpha.Width; x++)
        {
            var alpha = mask.Alpha.Row(y)[x];
            var ring = alpha is >= 230 and < 253 ? inside : alpha is > 2 and <= 25 ? outside : null;
            if (ring is null) continue;
            var pixel = image.Row(mask.Top + y).Slice((mask.Left + x) * 3, 3);
            for (var c = 0; c < 3; c++) ring[c] += pixel[c];
            if (ring == inside) inCount++;
            else outCount++;
        }
        return Enumerable.Range(0, 3).Average(c => Math.Abs(inside[c] / inCount - outside[c] / outCount));
    }
}
