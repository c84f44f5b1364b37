using AnimeGan.Quantization;
using Google.Protobuf;
using Onnx;
using ElementType = Onnx.TensorProto.Types.DataType;

namespace AnimeGan.Tests.Inference;

/// <summary>
/// Makes an NCHW generator look like a TensorFlow conversion from outside: a Transpose in front takes
/// [N,H,W,3] to the original [N,3,H,W] input, and one behind takes the original output back to
/// [N,H,W,3]. Only the NCHW Hayao file is shared, so this twin is how the NHWC path meets a real model.
/// </summary>
public static class NhwcTwin
{
    // Names in the style of tf2onnx conversions: the product must take them from the file, not assume "input".
    public const string InputName = "generator_input:0";
    public const string OutputName = "generator/G_MODEL/out_layer/Tanh:0";

    public static void Write(string nchwModel, string path)
    {
        var model = ModelProto.Load(nchwModel);
        var graph = model.Graph;
        var input = graph.Input.Single();
        var output = graph.Output.Single();

        graph.Node.Insert(0, NodeProto.Create("Transpose", "nhwc_to_nchw", [InputName], [input.Name!],
            AttributeProto.IntList("perm", 0, 3, 1, 2)));
        graph.Node.Add(NodeProto.Create("Transpose", "nchw_to_nhwc", [output.Name!], [OutputName],
            AttributeProto.IntList("perm", 0, 2, 3, 1)));
        graph.Input[0] = AsNhwc(input, InputName);
        graph.Output[0] = AsNhwc(output, OutputName);

        File.WriteAllBytes(path, model.ToByteArray());
    }

    /// <summary>The same element type and axes (symbolic ones keep their names), channels moved last.</summary>
    private static ValueInfoProto AsNhwc(ValueInfoProto nchw, string name)
    {
        var tensorType = nchw.Type?.TensorType ?? throw new InvalidDataException($"'{nchw.Name}' is not a tensor");
        var dims = tensorType.Shape?.Dim;
        if (dims is not [var batch, { DimValue: 3 } channels, var height, var width])
            throw new InvalidDataException($"'{nchw.Name}' is not an NCHW image tensor: [{string.Join(",", (dims ?? []).Select(Describe))}]");
        var nhwc = ValueInfoProto.Tensor(name, tensorType.HasElemType ? (ElementType)tensorType.ElemType : ElementType.Float);
        nhwc.Type!.TensorType!.Shape = new TensorShapeProto { Dim = { batch, height, width, channels } };
        return nhwc;
    }

    private static string Describe(TensorShapeProto.Types.Dimension dim) => dim.ValueCase switch
    {
        TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => dim.DimValue.ToString(),
        TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => dim.DimParam,
        _ => "?",
    };
}
