using System.Numerics;
using AnimeGan.Imaging;

namespace AnimeGan.Faces;

/// <summary>
/// The --face-debug picture: the repainted result with each face's blend mask tinted green, the
/// detector's box in yellow and the five alignment points in red (eyes), blue (nose) and magenta (mouth).
/// </summary>
public static class FaceDebugDrawing
{
    private static readonly byte[] MaskTint = [0, 255, 80], BoxColour = [255, 220, 0], EyeColour = [255, 40, 40],
        NoseColour = [40, 120, 255], MouthColour = [255, 0, 255];

    public static PixelBuffer Draw(FacePainting painting)
    {
        var image = painting.Result.Clone();
        foreach (var mask in painting.Masks) Tint(image, mask);
        var line = Math.Max(1, Math.Max(image.Width, image.Height) / 400);
        foreach (var face in painting.Faces)
        {
            Rectangle(image, face.Box, line);
            var landmarks = face.Landmarks;
            var radius = Math.Max(2, (int)(face.Box.Width / 30));
            Dot(image, landmarks.LeftEye, radius, EyeColour);
            Dot(image, landmarks.RightEye, radius, EyeColour);
            Dot(image, landmarks.NoseTip, radius, NoseColour);
            Dot(image, landmarks.MouthLeft, radius, MouthColour);
            Dot(image, landmarks.MouthRight, radius, MouthColour);
        }
        return image;
    }

    private static void Tint(PixelBuffer image, FaceMask mask)
    {
        for (var y = 0; y < mask.Alpha.Height; y++)
        {
            var row = image.Row(mask.Top + y);
            var alpha = mask.Alpha.Row(y);
            for (var x = 0; x < mask.Alpha.Width; x++)
            {
                var strength = alpha[x] / 255f * 0.4f;
                for (var c = 0; c < 3; c++)
                {
                    ref var value = ref row[(mask.Left + x) * 3 + c];
                    value = (byte)MathF.Round(value + (MaskTint[c] - value) * strength);
                }
            }
        }
    }

    private static void Rectangle(PixelBuffer image, FaceBox box, int thickness)
    {
        var (left, top) = ((int)box.Left, (int)box.Top);
        var (right, bottom) = ((int)MathF.Ceiling(box.Right) - 1, (int)MathF.Ceiling(box.Bottom) - 1);
        Fill(image, left, top, right, top + thickness - 1, BoxColour);
        Fill(image, left, bottom - thickness + 1, right, bottom, BoxColour);
        Fill(image, left, top, left + thickness - 1, bottom, BoxColour);
        Fill(image, right - thickness + 1, top, right, bottom, BoxColour);
    }

    private static void Dot(PixelBuffer image, Vector2 centre, int radius, byte[] colour)
    {
        var (cx, cy) = ((int)centre.X, (int)centre.Y);
        for (var y = cy - radius; y <= cy + radius; y++)
        for (var x = cx - radius; x <= cx + radius; x++)
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius)
                Fill(image, x, y, x, y, colour);
    }

    /// <summary>Paints the rectangle [left, right] × [top, bottom], clipped to the image.</summary>
    private static void Fill(PixelBuffer image, int left, int top, int right, int bottom, byte[] colour)
    {
        (left, top) = (Math.Max(0, left), Math.Max(0, top));
        (right, bottom) = (Math.Min(image.Width - 1, right), Math.Min(image.Height - 1, bottom));
        for (var y = top; y <= bottom; y++)
        {
            var row = image.Row(y);
            for (var x = left; x <= right; x++) colour.CopyTo(row.Slice(x * 3, 3));
        }
    }
}
