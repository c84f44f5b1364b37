using System.Numerics;
using AnimeGan.Imaging;

namespace AnimeGan.Faces;

/// <summary>
/// Puts a stylized face crop back into the stylized picture: warps it back through the inverse of the
/// alignment, matches its colour statistics to the picture's own rendering of the face, and blends it
/// through a feathered mask that follows the face outline. Pixels the mask does not reach are left
/// exactly as they were.
/// </summary>
public sealed class FaceCompositor
{
    /// <summary>How far the face outline is pushed out, as a fraction of its size: covers the jaw line and brow the mesh hull cuts close.</summary>
    public const float Dilation = 0.06f;

    /// <summary>Feather (Gaussian σ) as a fraction of the template square's side (the face's scale): about 10 px at 512.</summary>
    public const float FeatherFraction = 0.02f;

    /// <summary>Contrast is matched too, but never by more than this factor either way: a small face that the whole picture rendered flat must not flatten the crop's detail.</summary>
    public const float MaxContrastChange = 1.25f;

    /// <summary>Blends <paramref name="styledCrop"/> into <paramref name="canvas"/> in place and returns the mask it used.</summary>
    public FaceMask Composite(PixelBuffer canvas, PixelBuffer styledCrop, AlignedFace aligned, IReadOnlyList<Vector2> outline)
    {
        var cropOutline = outline.Select(aligned.PictureToCrop.Apply).ToList();
        var cropMask = DrawMask(cropOutline, styledCrop.Width, styledCrop.Height, FeatherFraction * aligned.Side);
        var (left, top, width, height) = Footprint(cropMask, aligned.CropToPicture, canvas.Width, canvas.Height);
        if (width <= 0 || height <= 0) return new FaceMask(0, 0, new PixelBuffer(1, 1, 1));
        var mask = new FaceMask(left, top, BicubicWarp.Warp(cropMask, aligned.CropToPicture, left, top, width, height));
        var face = BicubicWarp.Warp(styledCrop, aligned.CropToPicture, left, top, width, height);
        var (gain, offset) = MatchColour(canvas, face, mask);
        Blend(canvas, face, mask, gain, offset);
        return mask;
    }

    /// <summary>
    /// Where the mask drawn for <paramref name="outline"/> in a template square of side <paramref name="side"/>
    /// can show: the pushed-out outline's bounds and the feather's reach (3σ, past which the blur leaves
    /// under 0.2 %). The aligner cuts the crop to this (<see cref="FaceAligner.Window"/>).
    /// </summary>
    public static (float Left, float Top, float Right, float Bottom) MaskBounds(IReadOnlyList<Vector2> outline, int side)
    {
        var grown = Dilated(outline);
        var reach = 3 * FeatherFraction * side;
        return (grown.Min(p => p.X) - reach, grown.Min(p => p.Y) - reach, grown.Max(p => p.X) + reach, grown.Max(p => p.Y) + reach);
    }

    /// <summary>The face outline pushed out from its centre by <see cref="Dilation"/>.</summary>
    private static Vector2[] Dilated(IReadOnlyList<Vector2> outline)
    {
        var centre = outline.Aggregate(Vector2.Zero, (sum, p) => sum + p) / outline.Count;
        return outline.Select(p => centre + (p - centre) * (1 + Dilation)).ToArray();
    }

    /// <summary>
    /// The feathered face shape in a crop of <paramref name="width"/> × <paramref name="height"/>: the face
    /// outline pushed out (<see cref="Dilated"/>), filled, blurred by <paramref name="feather"/> pixels, and
    /// faded to zero at the crop's edges, where the generator saw no further (or the crop holds repeated
    /// border pixels rather than picture).
    /// </summary>
    private static PixelBuffer DrawMask(IReadOnlyList<Vector2> outline, int width, int height, float feather)
    {
        var grown = Dilated(outline);
        var filled = new PixelBuffer(width, height, 1);
        for (var y = 0; y < height; y++)
        {
            // The outline is convex: each row crosses it at most at two points.
            var rowCentre = y + 0.5f;
            var (from, to) = (float.MaxValue, float.MinValue);
            for (var i = 0; i < grown.Length; i++)
            {
                var (a, b) = (grown[i], grown[(i + 1) % grown.Length]);
                if ((a.Y <= rowCentre) == (b.Y <= rowCentre)) continue;
                var x = a.X + (rowCentre - a.Y) / (b.Y - a.Y) * (b.X - a.X);
                (from, to) = (Math.Min(from, x), Math.Max(to, x));
            }
            var (first, last) = (Math.Max(0, (int)MathF.Ceiling(from - 0.5f)), Math.Min(width - 1, (int)MathF.Floor(to - 0.5f)));
            if (first <= last) filled.Row(y)[first..(last + 1)].Fill(255);
        }
        var mask = Blur.Gaussian(filled, feather);
        var fade = 2 * feather;
        for (var y = 0; y < height; y++)
        {
            var row = mask.Row(y);
            var fromEdgeY = Math.Min(y, height - 1 - y);
            for (var x = 0; x < width; x++)
            {
                var fromEdge = Math.Min(fromEdgeY, Math.Min(x, width - 1 - x));
                if (fromEdge < fade) row[x] = (byte)(row[x] * fromEdge / fade);
            }
        }
        return mask;
    }

    /// <summary>The rectangle of the picture that the mask's non-zero part covers, clipped to the picture: the only pixels worth warping back.</summary>
    private static (int Left, int Top, int Width, int Height) Footprint(PixelBuffer cropMask, SimilarityTransform cropToPicture, int width, int height)
    {
        var (minX, minY, maxX, maxY) = (cropMask.Width, cropMask.Height, -1, -1);
        for (var y = 0; y < cropMask.Height; y++)
        {
            var row = cropMask.Row(y);
            var first = row.IndexOfAnyExcept((byte)0);
            if (first < 0) continue;
            (minX, maxX) = (Math.Min(minX, first), Math.Max(maxX, row.LastIndexOfAnyExcept((byte)0)));
            (minY, maxY) = (Math.Min(minY, y), y);
        }
        if (maxX < 0) return (0, 0, 0, 0);
        // Two crop pixels more on each side: the bicubic kernel reaches that far.
        Vector2[] corners = [new(minX - 2, minY - 2), new(maxX + 3, minY - 2), new(minX - 2, maxY + 3), new(maxX + 3, maxY + 3)];
        var mapped = corners.Select(cropToPicture.Apply).ToArray();
        var left = Math.Max(0, (int)MathF.Floor(mapped.Min(p => p.X)));
        var top = Math.Max(0, (int)MathF.Floor(mapped.Min(p => p.Y)));
        var right = Math.Min(width, (int)MathF.Ceiling(mapped.Max(p => p.X)));
        var bottom = Math.Min(height, (int)MathF.Ceiling(mapped.Max(p => p.Y)));
        return (left, top, Math.Max(0, right - left), Math.Max(0, bottom - top));
    }

    /// <summary>
    /// Per channel, the gain and offset that give the repainted face the mean and spread that the
    /// whole-picture stylization has over the same pixels (weighted by the mask). The crop, stylized on
    /// its own, comes out in its own tone (the generator normalises per image); matched, it meets the
    /// neck, ears and hair the picture keeps without a tone jump, and keeps its own detail.
    /// </summary>
    private static (float[] Gain, float[] Offset) MatchColour(PixelBuffer canvas, PixelBuffer face, FaceMask mask)
    {
        var total = 0.0;
        double[] sumCanvas = new double[3], sumFace = new double[3], squareCanvas = new double[3], squareFace = new double[3];
        ForEachMaskedPixel(canvas, face, mask, (picture, repainted, m) =>
        {
            total += m;
            for (var c = 0; c < 3; c++)
            {
                double p = picture[c], q = repainted[c];
                sumCanvas[c] += m * p;
                squareCanvas[c] += m * p * p;
                sumFace[c] += m * q;
                squareFace[c] += m * q * q;
            }
        });
        var (gain, offset) = (new float[] { 1, 1, 1 }, new float[3]);
        if (total < 1) return (gain, offset);
        for (var c = 0; c < 3; c++)
        {
            var (meanCanvas, meanFace) = (sumCanvas[c] / total, sumFace[c] / total);
            var spreadCanvas = Math.Sqrt(Math.Max(0, squareCanvas[c] / total - meanCanvas * meanCanvas));
            var spreadFace = Math.Sqrt(Math.Max(0, squareFace[c] / total - meanFace * meanFace));
            gain[c] = spreadFace < 1 ? 1f : (float)Math.Clamp(spreadCanvas / spreadFace, 1 / MaxContrastChange, MaxContrastChange);
            offset[c] = (float)(meanCanvas - gain[c] * meanFace);
        }
        return (gain, offset);
    }

    private static void Blend(PixelBuffer canvas, PixelBuffer face, FaceMask mask, float[] gain, float[] offset) =>
        ForEachMaskedPixel(canvas, face, mask, (picture, repainted, m) =>
        {
            for (var c = 0; c < 3; c++)
            {
                var matched = repainted[c] * gain[c] + offset[c];
                picture[c] = (byte)Math.Clamp(MathF.Round(picture[c] + (matched - picture[c]) * m), 0f, 255f);
            }
        });

    private delegate void MaskedPixelAction(Span<byte> picture, ReadOnlySpan<byte> repainted, float alpha);

    /// <summary>Calls <paramref name="action"/> with each RGB pixel of the picture the mask reaches, the face's pixel there, and the mask (0–1].</summary>
    private static void ForEachMaskedPixel(PixelBuffer canvas, PixelBuffer face, FaceMask mask, MaskedPixelAction action)
    {
        var alpha = mask.Alpha;
        for (var y = 0; y < alpha.Height; y++)
        {
            var canvasRow = canvas.Row(mask.Top + y);
            var faceRow = face.Row(y);
            var alphaRow = alpha.Row(y);
            for (var x = 0; x < alpha.Width; x++)
                if (alphaRow[x] > 0)
                    action(canvasRow.Slice((mask.Left + x) * 3, 3), faceRow.Slice(x * 3, 3), alphaRow[x] / 255f);
        }
    }
}
