using AnimeGan.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace AnimeGan.Inference;

/// <summary>The model is not an image-to-image model we can drive.</summary>
public sealed class ModelSignatureException(string message) : Exception(message);

/// <summary>
/// What an image-to-image model looks like from outside, read from the ONNX session: one float image
/// input, a float image output of the same layout, 3 channels, batch first, spatial size free or fixed.
/// Any conversion (PyTorch NCHW, TensorFlow NHWC with ":0" names) is driven from this.
/// </summary>
public sealed record ModelSignature(string InputName, string OutputName, TensorLayout Layout, int? FixedHeight, int? FixedWidth)
{
    public static ModelSignature Read(InferenceSession session)
    {
        if (session.InputMetadata.Count != 1)
            throw new ModelSignatureException($"an image model has one input; this model has {session.InputMetadata.Count}");
        if (session.OutputMetadata.Count < 1)
            throw new ModelSignatureException("the model has no output");
        var (inputName, input) = session.InputMetadata.First();
        var (outputName, output) = session.OutputMetadata.First();
        var layout = LayoutOf("input", input);
        if (LayoutOf("output", output) != layout)
            throw new ModelSignatureException("input and output tensors have different layouts");
        var (h, w) = layout == TensorLayout.Nchw ? (input.Dimensions[2], input.Dimensions[3]) : (input.Dimensions[1], input.Dimensions[2]);
        return new ModelSignature(inputName, outputName, layout, h > 0 ? h : null, w > 0 ? w : null);
    }

    private static TensorLayout LayoutOf(string role, NodeMetadata node)
    {
        if (!node.IsTensor || node.ElementDataType != TensorElementType.Float)
            throw new ModelSignatureException($"the {role} must be a float32 tensor");
        var dims = node.Dimensions;
        if (dims.Length != 4)
            throw new ModelSignatureException($"the {role} must be a 4-D image tensor, not {dims.Length}-D");
        if (dims[1] == 3) return TensorLayout.Nchw;
        if (dims[3] == 3) return TensorLayout.Nhwc;
        throw new ModelSignatureException($"the {role} has no 3-channel axis (shape [{string.Join(",", dims)}])");
    }

    public long[] Shape(int height, int width) =>
        Layout == TensorLayout.Nchw ? [1, 3, height, width] : [1, height, width, 3];
}
