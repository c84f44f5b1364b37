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

/// <summary>onnx.proto TypeProto.Tensor: the element type and, when the file declares one, the shape.</summary>
public sealed class TypeProtoTensor : OnnxMessage
{
    public int? ElemType { get; set; }
    public TensorShapeProto? Shape { get; set; }

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        switch (field, wireType)
        {
            case (1, Varint): ElemType = input.ReadInt32(); return true;
            case (2, LengthDelimited): Shape = ReadMessage<TensorShapeProto>(input); return true;
            default: return false;
        }
    }

    protected override void Write(ProtoWriter writer)
    {
        writer.Int32(1, ElemType);
        writer.Message(2, Shape);
    }
}

/// <summary>onnx.proto TensorShapeProto: one entry per axis.</summary>
public sealed class TensorShapeProto : OnnxMessage
{
    public List<TensorShapeDimension> Dim { get; } = [];

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        if ((field, wireType) != (1, LengthDelimited)) return false;
        Dim.Add(ReadMessage<TensorShapeDimension>(input));
        return true;
    }

    protected override void Write(ProtoWriter writer) => writer.Messages(1, Dim);
}

/// <summary>
/// onnx.proto TensorShapeProto.Dimension: a fixed size (dim_value), a named free size (dim_param,
/// e.g. "N" or "H"), or neither (free and unnamed). The denotation is kept as an unknown field.
/// </summary>
public sealed class TensorShapeDimension : OnnxMessage
{
    public long? DimValue { get; set; }
    public string? DimParam { get; set; }

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        switch (field, wireType)
        {
            case (1, Varint): DimValue = input.ReadInt64(); return true;
            case (2, LengthDelimited): DimParam = input.ReadString(); return true;
            default: return false;
        }
    }

    protected override void Write(ProtoWriter writer)
    {
        writer.Int64(1, DimValue);
        writer.String(2, DimParam);
    }

    public override string ToString() => DimValue?.ToString() ?? DimParam ?? "?";
}
