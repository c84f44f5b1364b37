using System.Text.Json.Serialization;

namespace AnimeGan.Models;

/// <summary>What a model's image tensors hold, as 8-bit pixel values map onto them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ValueRange>))]
public enum ValueRange
{
    /// <summary>x/127.5 − 1: the AnimeGAN and White-box generators (tanh outputs).</summary>
    [JsonStringEnumMemberName("-1..1")] MinusOneToOne,
    /// <summary>x/255: MediaPipe-style models.</summary>
    [JsonStringEnumMemberName("0..1")] ZeroToOne,
    /// <summary>x itself: the ESRGAN upscalers converted from TensorFlow.js.</summary>
    [JsonStringEnumMemberName("0..255")] ZeroTo255,
}

/// <summary>The order of the three colour channels in a model's tensors.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChannelOrder>))]
public enum ChannelOrder
{
    [JsonStringEnumMemberName("rgb")] Rgb,
    [JsonStringEnumMemberName("bgr")] Bgr,
}

/// <summary>
/// How to drive an image-to-image model: everything the runner needs that the ONNX signature does
/// not say for itself. Outputs are always clamped into the 8-bit range, so models that overshoot
/// (White-box, the upscalers) need no flag for it.
/// </summary>
public sealed record ModelContract
{
    /// <summary>NCHW (PyTorch exports) or NHWC (TensorFlow conversions); null: as the model's signature shows.</summary>
    public TensorLayout? Layout { get; init; }

    public ValueRange InputRange { get; init; } = ValueRange.MinusOneToOne;

    /// <summary>The output's range; the input's when not given.</summary>
    public ValueRange? OutputRange { get; init; }

    /// <summary>Input sides must be multiples of this (the network halves the image log2 of it times).</summary>
    public int SizeMultiple { get; init; } = 8;

    /// <summary>Output side ÷ input side: 1 for generators, 2 or 4 for upscalers.</summary>
    public int Scale { get; init; } = 1;

    public ChannelOrder Channels { get; init; } = ChannelOrder.Rgb;

    /// <summary>
    /// Longest tile side the model sees at once, in input pixels; null for the inference settings'.
    /// Upscalers keep their activations at the output's size, so they need smaller tiles.
    /// </summary>
    public int? Tile { get; init; }

    /// <summary>
    /// Input pixels neighbouring tiles share and cross-fade over. Generators normalise per image, so
    /// tiles differ in tone and need a wide fade; a model without global statistics only needs to
    /// cover its receptive field's edge effects.
    /// </summary>
    public int TileOverlap { get; init; } = 64;

    [JsonIgnore]
    public ValueRange EffectiveOutputRange => OutputRange ?? InputRange;

    public static ModelContract Generator { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value no model can have.</summary>
    public void Validate(string model)
    {
        if (SizeMultiple is < 1 or > 256 || (SizeMultiple & (SizeMultiple - 1)) != 0)
            throw new ArgumentException($"{model}: the size multiple must be a power of two from 1 to 256, not {SizeMultiple}");
        if (Scale is < 1 or > 8)
            throw new ArgumentException($"{model}: the scale must be 1 to 8, not {Scale}");
        if (Tile is { } tile && (tile < 2 * TileOverlap + SizeMultiple || tile % SizeMultiple != 0))
            throw new ArgumentException($"{model}: the tile must be a multiple of {SizeMultiple} and more than twice the overlap, not {tile}");
    }
}
