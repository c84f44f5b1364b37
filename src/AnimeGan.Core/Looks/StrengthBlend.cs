using System.Numerics;
using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>
/// How much of the stylization shows: strength·stylized + (1 − strength)·photo on encoded sRGB values,
/// as a layer's opacity does in an editor. Weights are in 1/256 steps, so 0 gives the photo and 1 the
/// stylized image exactly.
/// </summary>
public sealed class StrengthBlend(PixelBuffer photo, double strength) : ILookOperation
{
    public string Name => "strength";

    public void Apply(PixelBuffer image)
    {
        if ((image.Width, image.Height, image.Bands) != (photo.Width, photo.Height, photo.Bands))
            throw new ArgumentException($"the photo is {photo}, the stylized image {image}", nameof(image));
        var weight = (ushort)Math.Round(Math.Clamp(strength, 0, 1) * 256);
        var target = image.Data.AsSpan();
        ReadOnlySpan<byte> original = photo.Data;
        var stylizedWeight = new Vector<ushort>(weight);
        var photoWeight = new Vector<ushort>((ushort)(256 - weight));
        var half = new Vector<ushort>(128);
        var i = 0;
        for (; i <= target.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            Vector.Widen(new Vector<byte>(target[i..]), out var styledLow, out var styledHigh);
            Vector.Widen(new Vector<byte>(original[i..]), out var photoLow, out var photoHigh);
            // At most 255·256 + 128: fits 16 bits.
            var low = (styledLow * stylizedWeight + photoLow * photoWeight + half) >> 8;
            var high = (styledHigh * stylizedWeight + photoHigh * photoWeight + half) >> 8;
            Vector.Narrow(low, high).CopyTo(target[i..]);
        }
        for (; i < target.Length; i++)
            target[i] = (byte)((target[i] * weight + original[i] * (256 - weight) + 128) >> 8);
    }
}
