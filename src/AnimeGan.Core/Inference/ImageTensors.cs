using AnimeGan.Imaging;
using AnimeGan.Models;

namespace AnimeGan.Inference;

/// <summary>
/// 8-bit RGB pixels to a model's float tensor and back, as its <see cref="ModelContract"/> says: the
/// value range (−1..1, 0..1 or 0..255), the channel order, and the layout the model's signature shows. Outputs are rounded and
/// clamped into 0–255, which also tames models whose outputs overshoot. One pass each way.
/// </summary>
public sealed class ImageTensors
{
    // Input values by byte: a table keeps x/127.5 − 1 bit-identical to the arithmetic the oracles used.
    private readonly float[] _inputValues = new float[256];
    private readonly float _outputOffset;
    private readonly float _outputScale;
    private readonly TensorLayout _layout;
    private readonly bool _swapRedBlue;

    public ImageTensors(ModelContract contract, TensorLayout layout)
    {
        for (var value = 0; value < 256; value++) _inputValues[value] = ToModel(value, contract.InputRange);
        (_outputOffset, _outputScale) = contract.EffectiveOutputRange switch
        {
            ValueRange.MinusOneToOne => (1f, 127.5f),
            ValueRange.ZeroToOne => (0f, 255f),
            _ => (0f, 1f),
        };
        _layout = layout;
        _swapRedBlue = contract.Channels == ChannelOrder.Bgr;
    }

    private static float ToModel(int value, ValueRange range) => range switch
    {
        ValueRange.MinusOneToOne => value / 127.5f - 1f,
        ValueRange.ZeroToOne => value / 255f,
        _ => value,
    };

    public void Write(PixelBuffer rgb, Span<float> tensor)
    {
        RequireRgb(rgb, tensor.Length);
        ReadOnlySpan<byte> pixels = rgb.Data;
        var values = _inputValues;
        var (first, last) = _swapRedBlue ? (2, 0) : (0, 2);
        if (_layout == TensorLayout.Nhwc)
        {
            for (var p = 0; p < pixels.Length; p += 3)
            {
                tensor[p] = values[pixels[p + first]];
                tensor[p + 1] = values[pixels[p + 1]];
                tensor[p + 2] = values[pixels[p + last]];
            }
            return;
        }
        var plane = rgb.Width * rgb.Height;
        var c0 = tensor[..plane];
        var c1 = tensor.Slice(plane, plane);
        var c2 = tensor.Slice(2 * plane, plane);
        for (int i = 0, p = 0; i < plane; i++, p += 3)
        {
            c0[i] = values[pixels[p + first]];
            c1[i] = values[pixels[p + 1]];
            c2[i] = values[pixels[p + last]];
        }
    }

    public void Read(ReadOnlySpan<float> tensor, PixelBuffer rgb)
    {
        RequireRgb(rgb, tensor.Length);
        Span<byte> pixels = rgb.Data;
        var (first, last) = _swapRedBlue ? (2, 0) : (0, 2);
        if (_layout == TensorLayout.Nhwc)
        {
            for (var p = 0; p < pixels.Length; p += 3)
            {
                pixels[p + first] = ToByte(tensor[p]);
                pixels[p + 1] = ToByte(tensor[p + 1]);
                pixels[p + last] = ToByte(tensor[p + 2]);
            }
            return;
        }
        var plane = rgb.Width * rgb.Height;
        var c0 = tensor[..plane];
        var c1 = tensor.Slice(plane, plane);
        var c2 = tensor.Slice(2 * plane, plane);
        for (int i = 0, p = 0; i < plane; i++, p += 3)
        {
            pixels[p + first] = ToByte(c0[i]);
            pixels[p + 1] = ToByte(c1[i]);
            pixels[p + last] = ToByte(c2[i]);
        }
    }

    private byte ToByte(float value) => (byte)Math.Clamp(MathF.Round((value + _outputOffset) * _outputScale), 0f, 255f);

    private static void RequireRgb(PixelBuffer rgb, int tensorLength)
    {
        if (rgb.Bands != 3) throw new ArgumentException($"models work on RGB, not {rgb.Bands} bands");
        if (tensorLength != rgb.Data.Length)
            throw new ArgumentException($"a {tensorLength}-element tensor does not match {rgb}");
    }
}
