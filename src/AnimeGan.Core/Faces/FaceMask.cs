using AnimeGan.Imaging;

namespace AnimeGan.Faces;

/// <summary>
/// How much of a repainted face shows at each pixel (0–255) over the rectangle of the picture it touches;
/// zero everywhere outside. <see cref="Left"/> and <see cref="Top"/> place the rectangle in the picture.
/// </summary>
public sealed record FaceMask(int Left, int Top, PixelBuffer Alpha)
{
    public byte At(int x, int y)
    {
        var (u, v) = (x - Left, y - Top);
        return u >= 0 && v >= 0 && u < Alpha.Width && v < Alpha.Height ? Alpha.Data[v * Alpha.Width + u] : (byte)0;
    }
}
