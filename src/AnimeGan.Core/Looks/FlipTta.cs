using System.Numerics;
using AnimeGan.Imaging;
using AnimeGan.Inference;

namespace AnimeGan.Looks;

/// <summary>
/// Flip test-time augmentation, part of the stylize stage: the generator runs on the photo and on its
/// mirror image, and the mirrored result is flipped back and averaged in. The generator's left–right
/// biases cancel, so TTA(mirror(photo)) = mirror(TTA(photo)) exactly. Costs a second generator pass.
/// </summary>
public static class FlipTta
{
    public static PixelBuffer Stylize(ImageModel generator, PixelBuffer photo, IProgress<double>? progress = null,
        CancellationToken cancellation = default)
    {
        var direct = generator.Run(photo, ProgressSpan.Of(progress, 0, 0.5), cancellation);
        var mirrored = generator.Run(Mirror(photo), ProgressSpan.Of(progress, 0.5, 1), cancellation);
        return Average(direct, Mirror(mirrored));
    }

    /// <summary>The image flipped left to right.</summary>
    public static PixelBuffer Mirror(PixelBuffer image)
    {
        var mirrored = new PixelBuffer(image.Width, image.Height, image.Bands);
        var bands = image.Bands;
        for (var y = 0; y < image.Height; y++)
        {
            var source = image.Row(y);
            var target = mirrored.Row(y);
            for (int x = 0, back = source.Length - bands; x < source.Length; x += bands, back -= bands)
            for (var band = 0; band < bands; band++)
                target[back + band] = source[x + band];
        }
        return mirrored;
    }

    /// <summary>(a + b + 1) / 2 per byte, rounding halves up; symmetric in a and b.</summary>
    internal static PixelBuffer Average(PixelBuffer a, PixelBuffer b)
    {
        var result = new PixelBuffer(a.Width, a.Height, a.Bands);
        ReadOnlySpan<byte> left = a.Data, right = b.Data;
        var target = result.Data.AsSpan();
        var i = 0;
        for (; i <= target.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            var x = new Vector<byte>(left[i..]);
            var y = new Vector<byte>(right[i..]);
            ((x | y) - Vector.ShiftRightLogical(x ^ y, 1)).CopyTo(target[i..]);
        }
        for (; i < target.Length; i++) target[i] = (byte)((left[i] + right[i] + 1) >> 1);
        return result;
    }
}
