using AnimeGan.Inference;
using Onnx;

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
    /// <exception cref="ModelLoadException">The file cannot be read or is not an ONNX model (truncated, corrupt).</exception>
    public static string? SourceSha256(string path)
    {
        try
        {
            return ModelProto.Load(path).Metadata(GeneratorQuantizer.SourceSha256Key);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"{path} cannot be read as an ONNX model: {e.Message}", e);
        }
    }
}
