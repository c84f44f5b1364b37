using Google.Protobuf;
using Google.Protobuf.Collections;
using static Google.Protobuf.WireFormat.WireType;

namespace AnimeGan.Quantization.Onnx;

/// <summary>
/// onnx.proto AttributeProto: a named constant argument of a node. Scalars, lists and tensors are
/// modelled; graphs, sparse tensors and type protos are kept as unknown fields.
/// </summary>
public sealed class AttributeProto : OnnxMessage
{
    // onnx.proto AttributeProto.AttributeType
    public const int IntType = 2, GraphType = 5, IntsType = 7, GraphsType = 10;

    // proto2 without [packed = true]: written one element per tag, read either way.
    private static readonly FieldCodec<float> FloatsCodec = FieldCodec.ForFloat(Tag(7, Fixed32));
    private static readonly FieldCodec<long> IntsCodec = FieldCodec.ForInt64(Tag(8, Varint));
    private static readonly FieldCodec<ByteString> StringsCodec = FieldCodec.ForBytes(Tag(9, LengthDelimited));

    public string? Name { get; set; }
    public float? F { get; set; }
    public long? I { get; set; }
    public ByteString? S { get; set; }
    public TensorProto? T { get; set; }
    public RepeatedField<float> Floats { get; } = [];
    public RepeatedField<long> Ints { get; } = [];
    public RepeatedField<ByteString> Strings { get; } = [];
    public int? Type { get; set; }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = IntType, I = value };

    public static AttributeProto IntList(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = IntsType };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        switch (field, wireType)
        {
            case (1, LengthDelimited): Name = input.ReadString(); return true;
            case (2, Fixed32): F = input.ReadFloat(); return true;
            case (3, Varint): I = input.ReadInt64(); return true;
            case (4, LengthDelimited): S = input.ReadBytes(); return true;
            case (5, LengthDelimited): T = ReadMessage<TensorProto>(input); return true;
            case (7, Fixed32 or LengthDelimited): ReadRepeated(input, Floats, FloatsCodec); return true;
            case (8, Varint or LengthDelimited): ReadRepeated(input, Ints, IntsCodec); return true;
            case (9, LengthDelimited): ReadRepeated(input, Strings, StringsCodec); return true;
            case (20, Varint): Type = input.ReadInt32(); return true;
            default: return false;
        }
    }

    protected override void Write(ProtoWriter writer)
    {
        writer.String(1, Name);
        writer.Float(2, F);
        writer.Int64(3, I);
        writer.Bytes(4, S);
        writer.Message(5, T);
        writer.Repeated(Floats, FloatsCodec);
        writer.Repeated(Ints, IntsCodec);
        writer.Repeated(Strings, StringsCodec);
        writer.Int32(20, Type);
    }
}
