using System.Numerics;
using AnimeGan.Imaging;

namespace AnimeGan.Faces;

/// <summary>A face cut out upright at the template's size, with the transforms between the picture and the crop.</summary>
public sealed record AlignedFace(PixelBuffer Crop, SimilarityTransform PictureToCrop)
{
    public SimilarityTransform CropToPicture { get; } = PictureToCrop.Inverse();
}

/// <summary>
/// Cuts a face out upright: the weighted least-squares similarity transform (rotation, uniform scale,
/// shift) that takes its five points onto a canonical template, then a bicubic warp into a square crop.
/// In the template the eye centres (FaceMesh eye-corner midpoints) are a quarter of the crop apart and
/// a little above the middle, and the nose and mouth sit where FaceMesh puts them on an average frontal
/// face: that leaves room for hair above and the chin below, close to the FFHQ framing that
/// face-trained AnimeGAN weights expect.
/// </summary>
public sealed class FaceAligner
{
    /// <summary>The largest crop: what face-trained AnimeGAN weights were trained at.</summary>
    public const int MaxSize = 512;

    /// <summary>
    /// The smallest crop. Measured on the faces of 23 group photos at 1024 px: painted at 288 px, 13 of
    /// 156 faces fell below SSIM 0.95 against the same face painted at 512 (lowest 0.93); smaller crops
    /// fall further (232 px: 0.93, 176 px: 0.88 on group_13) as the generator's strokes grow against the
    /// features they should draw. 352 px keeps them above it (BENCHMARKS.md, "Portrait path").
    /// </summary>
    public const int MinSize = 352;

    /// <summary>The eyes' distance in the template, as a fraction of the crop side.</summary>
    private const float EyeSpacing = 0.25f;

    /// <summary>Template points as fractions of the crop side: left eye, right eye, nose tip, left and right mouth corner.</summary>
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

    public FaceAligner(int size = MaxSize)
    {
        if (size < 64 || size % 8 != 0) throw new ArgumentOutOfRangeException(nameof(size), size, "the crop side must be a multiple of 8, at least 64");
        Size = size;
        Template = FaceLandmarks.FromArray(UnitTemplate.Select(p => p * size).ToArray());
    }

    public int Size { get; }

    /// <summary>Where the five points land in the crop, in crop pixels.</summary>
    public FaceLandmarks Template { get; }

    /// <summary>
    /// An aligner whose crop fits the face: twice the picture pixels the crop spans (a crop enlarged
    /// further only interpolates; the generator's cost grows with its area), rounded up to the model's
    /// <paramref name="multiple"/>, between <see cref="MinSize"/> and <see cref="MaxSize"/>. The faces of a
    /// group photo, each some 60–100 px across, are painted at 352–416 px instead of 512: a third to a
    /// half less work each (BENCHMARKS.md, "Portrait path").
    /// </summary>
    public static FaceAligner Fitting(FaceLandmarks landmarks, int multiple)
    {
        var span = Vector2.Distance(landmarks.LeftEye, landmarks.RightEye) / EyeSpacing;
        var lcm = multiple % 8 == 0 ? multiple : multiple * 8 / Gcd(multiple, 8); // the aligner's own multiple is 8
        var size = (int)Math.Ceiling(2 * span / lcm) * lcm;
        return new FaceAligner(Math.Clamp(size, (MinSize + lcm - 1) / lcm * lcm, MaxSize / lcm * lcm));
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    public AlignedFace Align(PixelBuffer picture, FaceLandmarks landmarks)
    {
        var toCrop = SimilarityTransform.Fit(landmarks.ToArray(), Template.ToArray(), Weights);
        return new AlignedFace(BicubicWarp.Warp(picture, toCrop, 0, 0, Size, Size), toCrop);
    }
}
