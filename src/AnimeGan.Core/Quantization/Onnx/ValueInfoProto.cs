using Google.Protobuf;
using static Google.Protobuf.WireFormat.WireType;

namespace AnimeGan.Quantization.Onnx;

/// <summary>onnx.proto ValueInfoProto: a named tensor and its type (graph inputs, outputs, value infos).</summary>
public sealed class ValueInfoProto : OnnxMessage
{
    public string? Name { get; set; }
    public TypeProto? Type { get; set; }
    public string? DocString { get; set; }

    /// <summary>A tensor of the given element type whose shape is left to the runtime.</summary>
    public static ValueInfoProto Tensor(string name, int elementType) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TypeProtoTensor { ElemType = elementType } } };

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        switch (field, wireType)
        {
            case (1, LengthDelimited): Name = input.ReadString(); return true;
            case (2, LengthDelimited): Type = ReadMessage<TypeProto>(input); return true;
            case (3, LengthDelimited): DocString = input.ReadString(); return true;
            default: return false;
        }
    }

    protected override void Write(ProtoWriter writer)
    {
        writer.String(1, Name);
        writer.Message(2, Type);
        writer.String(3, DocString);
    }
}

/// <summary>onnx.proto TypeProto: only the tensor case is modelled; sequences, maps and the rest are kept as unknown fields.</summary>
public sealed class TypeProto : OnnxMessage
{
    public TypeProtoTensor? TensorType { get; set; }

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        if ((field, wireType) != (1, LengthDelimited)) return false;
        TensorType = ReadMessage<TypeProtoTensor>(input);
        return true;
    }

    protected override void Write(ProtoWriter writer) => writer.Message(1, TensorType);
}

/// <summary>onnx.proto TypeProto.Tensor: the element type; the shape is kept as an unknown field.</summary>
public sealed class TypeProtoTensor : OnnxMessage
{
    public int? ElemType { get; set; }

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        if ((field, wireType) != (1, Varint)) return false;
        ElemType = input.ReadInt32();
        return true;
    }

    protected override void Write(ProtoWriter writer) => writer.Int32(1, ElemType);
}
