using System.Numerics;
using AnimeGan.Imaging;

namespace AnimeGan.Faces;

/// <summary>
/// A face cut out upright: <see cref="Crop"/> is the rectangle of the template square (side
/// <see cref="Side"/>, the face's scale) at <see cref="Left"/>, <see cref="Top"/> that the face needs.
/// </summary>
public sealed record AlignedFace(PixelBuffer Crop, SimilarityTransform PictureToTemplate, int Side, int Left, int Top)
{
    public SimilarityTransform PictureToCrop => PictureToTemplate.Shifted(-Left, -Top);

    public SimilarityTransform CropToPicture => PictureToCrop.Inverse();
}

/// <summary>
/// Cuts a face out upright: the weighted least-squares similarity transform (rotation, uniform scale,
/// shift) that takes its five points onto a canonical template square, then a bicubic warp of the part
/// of it the face needs. In the template the eye centres (FaceMesh eye-corner midpoints) are a quarter of its side apart and
/// a little above the middle, and the nose and mouth sit where FaceMesh puts them on an average frontal
/// face: that leaves room for hair above and the chin below, close to the FFHQ framing that
/// face-trained AnimeGAN weights expect. Only the part of that square the face's blend mask reaches is
/// cut out and painted (<see cref="Window"/>): about two thirds of it, the rest would be thrown away.
/// </summary>
public sealed class FaceAligner
{
    /// <summary>The largest crop: what face-trained AnimeGAN weights were trained at.</summary>
    public const int MaxSize = 512;

    /// <summary>
    /// The smallest template square, unless the photo is a crowd (<see cref="CrowdShare"/>). Measured on the faces of 23 group photos at 1024 px: painted at 288 px, 13 of
    /// 156 faces fell below SSIM 0.95 against the same face painted at 512 (lowest 0.93); smaller crops
    /// fall further (232 px: 0.93, 176 px: 0.88 on group_13) as the generator's strokes grow against the
    /// features they should draw. 352 px keeps them above it (BENCHMARKS.md, "Portrait path").
    /// </summary>
    public const int MinSize = 352;

    /// <summary>The eyes' distance in the template, as a fraction of its side.</summary>
    private const float EyeSpacing = 0.25f;

    /// <summary>Template points as fractions of its side: left eye, right eye, nose tip, left and right mouth corner.</summary>
    private static readonly Vector2[] UnitTemplate =
    [
        new(0.3750f, 0.4707f), new(0.3750f + EyeSpacing, 0.4707f), new(0.5000f, 0.6082f), new(0.3950f, 0.7192f), new(0.6050f, 0.7192f),
    ];

    /// <summary>
    /// The eyes anchor the fit (their line sets the rotation, their distance the scale) and land within a
    /// pixel or two of the template whatever the face's proportions; the nose and mouth corners, which
    /// move with expression and with the head turning, only steady it.
    /// </summary>
    private static readonly float[] Weights = [25f, 25f, 1f, 1f, 1f];

    /// <param name="size">The template square's side: the face's scale.</param>
    /// <param name="multiple">What the crop's sides are multiples of: the face style's size multiple (and 8).</param>
    public FaceAligner(int size = MaxSize, int multiple = 8)
    {
        if (size < 64 || size % 8 != 0) throw new ArgumentOutOfRangeException(nameof(size), size, "the template side must be a multiple of 8, at least 64");
        if (multiple < 1 || size % multiple != 0) throw new ArgumentOutOfRangeException(nameof(multiple), multiple, $"the template side {size} must be a multiple of it");
        Size = size;
        Multiple = multiple;
        Template = FaceLandmarks.FromArray(UnitTemplate.Select(p => p * size).ToArray());
    }

    /// <summary>The template square's side: the face's scale, and the most a crop can be.</summary>
    public int Size { get; }

    public int Multiple { get; }

    /// <summary>Where the five points land in the template square, in its pixels.</summary>
    public FaceLandmarks Template { get; }

    /// <summary>
    /// The most pixels the faces of one picture are painted at together, as a share of the picture's own
    /// (or one <see cref="MaxSize"/> square's, if that is more: a couple in a small photo is not a crowd).
    /// A face costs a generator run of its crop, plus 10–25 ms finding, cutting and blending it, so a
    /// photo's faces then cost less than its picture, whatever their number: a crowded photo takes at
    /// most about twice its time without faces. Ten faces at 1024 px would otherwise each take the
    /// floor's 352 px square, cut to its mask: 0.77 MP against the picture's 0.61 MP (BENCHMARKS.md, "Crowded photos").
    /// </summary>
    public const double CrowdShare = 0.5;

    /// <summary>
    /// Aligners for the faces of one picture of <paramref name="picturePixels"/>: each face's own
    /// (<see cref="Fitting"/>), unless their crops together exceed the budget (<see cref="CrowdShare"/>);
    /// then the smallest square (<see cref="MinSize"/>) steps down for every face until they fit, never
    /// below twice the pixels a face spans.
    /// </summary>
    public static IReadOnlyList<FaceAligner> ForPicture(IReadOnlyList<Face> faces, int multiple, long picturePixels)
    {
        var budget = Math.Max(CrowdShare * picturePixels, MaxSize * MaxSize);
        for (float floor = MinSize; ; floor *= 0.95f)
        {
            var aligners = faces.Select(face => Fitting(face.Landmarks, multiple, floor)).ToList();
            if (aligners.Zip(faces, (aligner, face) => aligner.CropPixels(face)).Sum() <= budget || floor <= 64) return aligners;
        }
    }

    /// <summary>
    /// An aligner whose crop fits the face: twice the picture pixels the crop spans (a crop enlarged
    /// further only interpolates; the generator's cost grows with its area), rounded up to the model's
    /// <paramref name="multiple"/>, between <paramref name="floor"/> (<see cref="MinSize"/> unless the
    /// picture is crowded) and <see cref="MaxSize"/>. The faces of a group photo, each some 60–100 px
    /// across, are painted at 352–416 px instead of 512: a third to a half less work each
    /// (BENCHMARKS.md, "Portrait path").
    /// </summary>
    public static FaceAligner Fitting(FaceLandmarks landmarks, int multiple, float floor = MinSize)
    {
        var span = Vector2.Distance(landmarks.LeftEye, landmarks.RightEye) / EyeSpacing;
        var lcm = Lcm(multiple, 8); // the aligner's own multiple is 8
        var size = (int)Math.Ceiling(2 * span / lcm) * lcm;
        var least = (int)Math.Ceiling(Math.Max(64, floor) / lcm) * lcm;
        return new FaceAligner(Math.Clamp(size, least, MaxSize / lcm * lcm), lcm);
    }

    /// <summary>This aligner's square, its crops on multiples of <paramref name="modelMultiple"/> as well (a style may need 16).</summary>
    public FaceAligner For(int modelMultiple) => Multiple % modelMultiple == 0 ? this : new FaceAligner(Size, Lcm(Multiple, modelMultiple));

    private static int Lcm(int a, int b) => a / Gcd(a, b) * b;

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>The face's landmarks fitted to the template, and the <see cref="Window"/> its outline needs cut out.</summary>
    public AlignedFace Align(PixelBuffer picture, Face face)
    {
        var toTemplate = ToTemplate(face.Landmarks);
        var (left, top, width, height) = Window(face.Outline, toTemplate);
        return new AlignedFace(BicubicWarp.Warp(picture, toTemplate, left, top, width, height), toTemplate, Size, left, top);
    }

    private SimilarityTransform ToTemplate(FaceLandmarks landmarks) => SimilarityTransform.Fit(landmarks.ToArray(), Template.ToArray(), Weights);

    /// <summary>
    /// The rectangle of the template square worth painting for <paramref name="face"/>: where its blend
    /// mask can show (<see cref="FaceCompositor.MaskBounds"/>), grown to the <see cref="Multiple"/> about
    /// its centre, inside the square. The generator sees the
    /// face with less of its surroundings than in the whole square; measured on 33 faces (portraits at
    /// 512, group photos at 1024), the painted face's SSIM against the whole square's is 0.994 on
    /// average, 0.977 at worst, for Hayao and 0.997 (0.995) for Cute, at 62–65 % of the pixels.
    /// </summary>
    public (int Left, int Top, int Width, int Height) Window(Face face) => Window(face.Outline, ToTemplate(face.Landmarks));

    private (int Left, int Top, int Width, int Height) Window(IReadOnlyList<Vector2> outline, SimilarityTransform toTemplate)
    {
        var (left, top, right, bottom) = FaceCompositor.MaskBounds(outline.Select(toTemplate.Apply).ToList(), Size);
        var (x, width) = Span(left, right);
        var (y, height) = Span(top, bottom);
        return (x, y, width, height);
    }

    /// <summary>How many pixels <paramref name="face"/>'s crop (its <see cref="Window"/>) holds: what its generator run costs.</summary>
    public long CropPixels(Face face)
    {
        var (_, _, width, height) = Window(face);
        return (long)width * height;
    }

    private (int Start, int Length) Span(float from, float to)
    {
        if (!float.IsFinite(from) || !float.IsFinite(to)) return (0, Size); // a degenerate fit: the whole square
        var length = (int)Math.Clamp(MathF.Ceiling((to - from) / Multiple), 1, Size / Multiple) * Multiple;
        return (Math.Clamp((int)MathF.Floor((from + to - length) / 2), 0, Size - length), length);
    }
}
