using AnimeGan.Imaging;

namespace AnimeGan.Inference;

/// <summary>
/// RGB bytes to the generator's [-1, 1] float tensor and back: x/127.5 − 1 in, (y + 1)·127.5 rounded
/// and clamped out. Interleaved pixels map straight into the tensor's layout in one pass.
/// </summary>
public static class GeneratorTensors
{
    private const float Scale = 1f / 127.5f;

    public static void Write(PixelBuffer rgb, Span<float> tensor, TensorLayout layout)
    {
        RequireRgb(rgb, tensor.Length);
        ReadOnlySpan<byte> pixels = rgb.Data;
        if (layout == TensorLayout.Nhwc)
        {
            for (var i = 0; i < pixels.Length; i++) tensor[i] = pixels[i] * Scale - 1f;
            return;
        }
        var plane = rgb.Width * rgb.Height;
        var r = tensor[..plane];
        var g = tensor.Slice(plane, plane);
        var b = tensor.Slice(2 * plane, plane);
        for (int i = 0, p = 0; i < plane; i++, p += 3)
        {
            r[i] = pixels[p] * Scale - 1f;
            g[i] = pixels[p + 1] * Scale - 1f;
            b[i] = pixels[p + 2] * Scale - 1f;
        }
    }

    public static void Read(ReadOnlySpan<float> tensor, TensorLayout layout, PixelBuffer rgb)
    {
        RequireRgb(rgb, tensor.Length);
        Span<byte> pixels = rgb.Data;
        if (layout == TensorLayout.Nhwc)
        {
            for (var i = 0; i < pixels.Length; i++) pixels[i] = ToByte(tensor[i]);
            return;
        }
        var plane = rgb.Width * rgb.Height;
        var r = tensor[..plane];
        var g = tensor.Slice(plane, plane);
        var b = tensor.Slice(2 * plane, plane);
        for (int i = 0, p = 0; i < plane; i++, p += 3)
        {
            pixels[p] = ToByte(r[i]);
            pixels[p + 1] = ToByte(g[i]);
            pixels[p + 2] = ToByte(b[i]);
        }
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round((value + 1f) * 127.5f), 0f, 255f);

    private static void RequireRgb(PixelBuffer rgb, int tensorLength)
    {
        if (rgb.Bands != 3) throw new ArgumentException($"the generator works on RGB, not {rgb.Bands} bands");
        if (tensorLength != rgb.Data.Length)
            throw new ArgumentException($"a {tensorLength}-element tensor does not match {rgb}");
    }
}
