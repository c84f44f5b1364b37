using Google.Protobuf;
using static Google.Protobuf.WireFormat.WireType;

namespace AnimeGan.Quantization.Onnx;

/// <summary>onnx.proto GraphProto: nodes in topological order, weights, inputs and outputs.</summary>
public sealed class GraphProto : OnnxMessage
{
    public List<NodeProto> Node { get; } = [];
    public string? Name { get; set; }
    public List<TensorProto> Initializer { get; } = [];
    public string? DocString { get; set; }
    public List<ValueInfoProto> Input { get; } = [];
    public List<ValueInfoProto> Output { get; } = [];
    public List<ValueInfoProto> ValueInfo { get; } = [];

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        if (wireType != LengthDelimited) return false;
        switch (field)
        {
            case 1: Node.Add(ReadMessage<NodeProto>(input)); return true;
            case 2: Name = input.ReadString(); return true;
            case 5: Initializer.Add(ReadMessage<TensorProto>(input)); return true;
            case 10: DocString = input.ReadString(); return true;
            case 11: Input.Add(ReadMessage<ValueInfoProto>(input)); return true;
            case 12: Output.Add(ReadMessage<ValueInfoProto>(input)); return true;
            case 13: ValueInfo.Add(ReadMessage<ValueInfoProto>(input)); return true;
            default: return false;
        }
    }

    protected override void Write(ProtoWriter writer)
    {
        writer.Messages(1, Node);
        writer.String(2, Name);
        writer.Messages(5, Initializer);
        writer.String(10, DocString);
        writer.Messages(11, Input);
        writer.Messages(12, Output);
        writer.Messages(13, ValueInfo);
    }
}
