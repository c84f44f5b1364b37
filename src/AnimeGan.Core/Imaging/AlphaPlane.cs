namespace AnimeGan.Imaging;

/// <summary>Joining an RGB image with its separate alpha plane.</summary>
public static class AlphaPlane
{
    public static PixelBuffer Attach(PixelBuffer colour, PixelBuffer alpha)
    {
        RequireMatching(colour, alpha);
        var rgba = new PixelBuffer(colour.Width, colour.Height, 4);
        var src = colour.Data.AsSpan();
        var a = alpha.Data.AsSpan();
        var dst = rgba.Data.AsSpan();
        for (int i = 0, n = a.Length; i < n; i++)
        {
            dst[i * 4] = src[i * 3];
            dst[i * 4 + 1] = src[i * 3 + 1];
            dst[i * 4 + 2] = src[i * 3 + 2];
            dst[i * 4 + 3] = a[i];
        }
        return rgba;
    }

    public static PixelBuffer FlattenOnWhite(PixelBuffer colour, PixelBuffer alpha)
    {
        RequireMatching(colour, alpha);
        var flat = new PixelBuffer(colour.Width, colour.Height, 3);
        var src = colour.Data.AsSpan();
        var a = alpha.Data.AsSpan();
        var dst = flat.Data.AsSpan();
        for (var i = 0; i < src.Length; i++)
        {
            var opacity = a[i / 3];
            dst[i] = (byte)((src[i] * opacity + 255 * (255 - opacity) + 127) / 255);
        }
        return flat;
    }

    private static void RequireMatching(PixelBuffer colour, PixelBuffer alpha)
    {
        if (colour.Bands != 3 || alpha.Bands != 1 || colour.Width != alpha.Width || colour.Height != alpha.Height)
            throw new ArgumentException($"alpha {alpha} does not fit colour {colour}");
    }
}
