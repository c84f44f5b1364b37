using System.Numerics;
using AnimeGan.Imaging;
using AnimeGan.Inference;

namespace AnimeGan.Faces;

/// <summary>A face the detector found: its box in photo pixels (inside the photo) and its confidence.</summary>
public readonly record struct FaceDetection(FaceBox Box, float Score);

/// <summary>
/// UltraFace RFB-640: the photo letterboxed (aspect kept) into the 640×480 input, faces scored by the
/// model's softmax, overlaps removed by non-maximum suppression, boxes mapped back to photo pixels.
/// The detector stops finding faces below about <see cref="SmallestReliableFace"/> input pixels, so
/// when the minimum face size would shrink below that in the letterbox, finer pyramid levels of the
/// photo are searched too, tile by tile; everything found is merged by the same suppression.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    public const int InputWidth = 640, InputHeight = 480;
    public const float OverlapLimit = 0.3f;

    /// <summary>A box lying this much inside a better one is part of that face (seen at another pyramid level), not a face of its own.</summary>
    public const float ContainmentLimit = 0.7f;

    /// <summary>Face side, in detector input pixels, found reliably (the model's smallest anchors are 10–24 px).</summary>
    public const float SmallestReliableFace = 20f;

    private readonly FaceModelSession _model;

    public FaceDetector(string modelPath, InferenceSettings settings) =>
        _model = new FaceModelSession(modelPath, settings, InputWidth, InputHeight, "scores", "boxes");

    /// <summary>Faces whose box is at least <paramref name="minSize"/> photo pixels on its longer side, best first.</summary>
    public IReadOnlyList<FaceDetection> Detect(PixelBuffer photo, float threshold, int minSize) =>
        Detect(photo, threshold, minSize, PyramidScales(photo.Width, photo.Height, minSize));

    /// <summary>Detection at the given pyramid scales only (photo pixels × scale = detector pixels).</summary>
    internal IReadOnlyList<FaceDetection> Detect(PixelBuffer photo, float threshold, int minSize, IEnumerable<float> scales)
    {
        var candidates = new List<FaceDetection>();
        foreach (var scale in scales)
            DetectAtScale(photo, scale, threshold, candidates);
        return Suppress(candidates)
            .Where(face => Math.Max(face.Box.Width, face.Box.Height) >= minSize && Inside(face.Box.Centre, photo))
            .Select(face => face with { Box = face.Box.ClipTo(photo.Width, photo.Height) })
            .ToList();
    }

    /// <summary>A box centred on the letterbox padding is not a face in the photo.</summary>
    private static bool Inside(Vector2 point, PixelBuffer photo) =>
        point.X >= 0 && point.Y >= 0 && point.X < photo.Width && point.Y < photo.Height;

    /// <summary>
    /// The letterbox scale, then finer levels (doubling down from the scale at which a minimum-size face
    /// is reliably large) while they are clearly finer than the letterbox; never above the photo's own size.
    /// </summary>
    internal static IReadOnlyList<float> PyramidScales(int width, int height, int minSize)
    {
        var letterbox = Math.Min((float)InputWidth / width, (float)InputHeight / height);
        var scales = new List<float> { letterbox };
        for (var scale = Math.Min(1f, SmallestReliableFace / minSize); scale >= letterbox * 1.5f; scale /= 2)
            scales.Add(scale);
        return scales;
    }

    private void DetectAtScale(PixelBuffer photo, float scale, float threshold, List<FaceDetection> found)
    {
        // Level sides are multiples of 8, as the tile plan wants; the two axes keep their own exact factors.
        var levelWidth = Math.Max(8, (int)(photo.Width * scale) / 8 * 8);
        var levelHeight = Math.Max(8, (int)(photo.Height * scale) / 8 * 8);
        var level = Resampler.Resize(photo, levelWidth, levelHeight);
        var (toPhotoX, toPhotoY) = ((float)photo.Width / levelWidth, (float)photo.Height / levelHeight);
        foreach (var row in TilePlan.Cover(levelHeight, InputHeight))
        foreach (var column in TilePlan.Cover(levelWidth, InputWidth))
        {
            var tile = row.Length == levelHeight && column.Length == levelWidth
                ? level
                : Resampler.Crop(level, column.Start, row.Start, column.Length, row.Length);
            foreach (var (box, score) in DetectInTile(tile, threshold))
            {
                // A face cut by an edge shared with a neighbouring tile is found whole in that neighbour.
                if ((column.Start > 0 && box.Left < 1) || (row.Start > 0 && box.Top < 1)
                    || (column.Start + column.Length < levelWidth && box.Right > column.Length - 1)
                    || (row.Start + row.Length < levelHeight && box.Bottom > row.Length - 1))
                    continue;
                found.Add(new FaceDetection(box.Offset(column.Start, row.Start).Scale(toPhotoX, toPhotoY), score));
            }
        }
    }

    /// <summary>Boxes in tile pixels. The tile sits in the top-left corner of the input; the rest is mid-grey (0 after normalisation).</summary>
    private IEnumerable<FaceDetection> DetectInTile(PixelBuffer tile, float threshold)
    {
        using var outputs = _model.Run(tile, 1f / 128f, -127f / 128f);
        var scores = outputs[0].GetTensorDataAsSpan<float>();
        var boxes = outputs[1].GetTensorDataAsSpan<float>();
        var found = new List<FaceDetection>();
        for (var i = 0; i < scores.Length / 2; i++)
        {
            var score = scores[2 * i + 1];
            if (score < threshold) continue;
            var box = boxes.Slice(4 * i, 4);
            found.Add(new FaceDetection(new FaceBox(box[0] * InputWidth, box[1] * InputHeight, box[2] * InputWidth, box[3] * InputHeight), score));
        }
        return found;
    }

    /// <summary>
    /// Greedy non-maximum suppression: best first, dropping every box that overlaps a kept one by more
    /// than <see cref="OverlapLimit"/> (intersection over union) or lies inside it by more than <see cref="ContainmentLimit"/>.
    /// </summary>
    private static List<FaceDetection> Suppress(IEnumerable<FaceDetection> candidates)
    {
        var kept = new List<FaceDetection>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Score))
            if (kept.All(k => k.Box.IntersectionOverUnion(candidate.Box) <= OverlapLimit
                              && k.Box.Intersection(candidate.Box) <= ContainmentLimit * candidate.Box.Area))
                kept.Add(candidate);
        return kept;
    }

    public void Dispose() => _model.Dispose();
}
