using Google.Protobuf;
using Google.Protobuf.Collections;
using static Google.Protobuf.WireFormat.WireType;

namespace AnimeGan.Quantization.Onnx;

/// <summary>onnx.proto NodeProto: one operator call, wired to other nodes by tensor names.</summary>
public sealed class NodeProto : OnnxMessage
{
    private static readonly FieldCodec<string> InputCodec = FieldCodec.ForString(Tag(1, LengthDelimited));
    private static readonly FieldCodec<string> OutputCodec = FieldCodec.ForString(Tag(2, LengthDelimited));

    public RepeatedField<string> Input { get; } = [];
    public RepeatedField<string> Output { get; } = [];
    public string? Name { get; set; }
    public string? OpType { get; set; }
    public List<AttributeProto> Attribute { get; } = [];
    public string? DocString { get; set; }
    public string? Domain { get; set; }

    public static NodeProto Create(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs,
        params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>An operator of the default domain ("" or "ai.onnx") named <paramref name="opType"/>.</summary>
    public bool Is(string opType) => OpType == opType && (string.IsNullOrEmpty(Domain) || Domain == "ai.onnx");

    public AttributeProto? FindAttribute(string name) => Attribute.FirstOrDefault(a => a.Name == name);

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        if (wireType != LengthDelimited) return false;
        switch (field)
        {
            case 1: ReadRepeated(input, Input, InputCodec); return true;
            case 2: ReadRepeated(input, Output, OutputCodec); return true;
            case 3: Name = input.ReadString(); return true;
            case 4: OpType = input.ReadString(); return true;
            case 5: Attribute.Add(ReadMessage<AttributeProto>(input)); return true;
            case 6: DocString = input.ReadString(); return true;
            case 7: Domain = input.ReadString(); return true;
            default: return false;
        }
    }

    protected override void Write(ProtoWriter writer)
    {
        writer.Repeated(Input, InputCodec);
        writer.Repeated(Output, OutputCodec);
        writer.String(3, Name);
        writer.String(4, OpType);
        writer.Messages(5, Attribute);
        writer.String(6, DocString);
        writer.String(7, Domain);
    }

    public override string ToString() => $"{OpType} {Name} ({string.Join(", ", Input)}) -> ({string.Join(", ", Output)})";
}
