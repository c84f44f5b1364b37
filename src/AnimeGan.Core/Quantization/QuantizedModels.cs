using AnimeGan.Quantization.Onnx;

namespace AnimeGan.Quantization;

/// <summary>
/// Where a style's INT8 model lives: beside the float file's name, as NAME.int8.onnx, in any model
/// directory. The quantized file records the sha256 of the float file it was made from.
/// </summary>
public static class QuantizedModels
{
    public static string FileName(string floatFile) => Path.GetFileNameWithoutExtension(floatFile) + ".int8.onnx";

    public static string QuantizeCommand(string style) => $"animegan models quantize --style {style} --calibrate DIR";

    /// <summary>The sha256 of the float model a quantized file was made from, or null when it does not say.</summary>
    public static string? SourceSha256(string path) => ModelProto.Load(path).Metadata(GeneratorQuantizer.SourceSha256Key);
}
