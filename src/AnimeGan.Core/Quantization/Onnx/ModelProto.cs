using Google.Protobuf;
using static Google.Protobuf.WireFormat.WireType;

namespace AnimeGan.Quantization.Onnx;

/// <summary>onnx.proto ModelProto: the file. Training info and functions are kept as unknown fields.</summary>
public sealed class ModelProto : OnnxMessage
{
    public long? IrVersion { get; set; }
    public string? ProducerName { get; set; }
    public string? ProducerVersion { get; set; }
    public string? Domain { get; set; }
    public long? ModelVersion { get; set; }
    public string? DocString { get; set; }
    public GraphProto Graph { get; set; } = new();
    public List<OperatorSetIdProto> OpsetImport { get; } = [];
    public List<StringStringEntryProto> MetadataProps { get; } = [];

    public static ModelProto Parse(byte[] bytes)
    {
        var model = new ModelProto();
        try
        {
            model.MergeFrom(new CodedInputStream(bytes));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"not an ONNX model: {e.Message}", e);
        }
        return model;
    }

    public static ModelProto Load(string path) => Parse(File.ReadAllBytes(path));

    public byte[] ToBytes() => this.ToByteArray();

    /// <summary>The opset of the default ("ai.onnx") domain.</summary>
    public long DefaultOpset =>
        OpsetImport.FirstOrDefault(o => string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx")?.Version ?? 0;

    public string? Metadata(string key) => MetadataProps.LastOrDefault(p => p.Key == key)?.Value;

    public void SetMetadata(string key, string value)
    {
        MetadataProps.RemoveAll(p => p.Key == key);
        MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
    }

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        switch (field, wireType)
        {
            case (1, Varint): IrVersion = input.ReadInt64(); return true;
            case (2, LengthDelimited): ProducerName = input.ReadString(); return true;
            case (3, LengthDelimited): ProducerVersion = input.ReadString(); return true;
            case (4, LengthDelimited): Domain = input.ReadString(); return true;
            case (5, Varint): ModelVersion = input.ReadInt64(); return true;
            case (6, LengthDelimited): DocString = input.ReadString(); return true;
            case (7, LengthDelimited): input.ReadMessage(Graph); return true;
            case (8, LengthDelimited): OpsetImport.Add(ReadMessage<OperatorSetIdProto>(input)); return true;
            case (14, LengthDelimited): MetadataProps.Add(ReadMessage<StringStringEntryProto>(input)); return true;
            default: return false;
        }
    }

    protected override void Write(ProtoWriter writer)
    {
        writer.Int64(1, IrVersion);
        writer.String(2, ProducerName);
        writer.String(3, ProducerVersion);
        writer.String(4, Domain);
        writer.Int64(5, ModelVersion);
        writer.String(6, DocString);
        writer.Message(7, Graph);
        writer.Messages(8, OpsetImport);
        writer.Messages(14, MetadataProps);
    }
}

/// <summary>onnx.proto OperatorSetIdProto: an operator domain and its version.</summary>
public sealed class OperatorSetIdProto : OnnxMessage
{
    public string? Domain { get; set; }
    public long? Version { get; set; }

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        switch (field, wireType)
        {
            case (1, LengthDelimited): Domain = input.ReadString(); return true;
            case (2, Varint): Version = input.ReadInt64(); return true;
            default: return false;
        }
    }

    protected override void Write(ProtoWriter writer)
    {
        writer.String(1, Domain);
        writer.Int64(2, Version);
    }
}

/// <summary>onnx.proto StringStringEntryProto: one metadata key and value.</summary>
public sealed class StringStringEntryProto : OnnxMessage
{
    public string? Key { get; set; }
    public string? Value { get; set; }

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        switch (field, wireType)
        {
            case (1, LengthDelimited): Key = input.ReadString(); return true;
            case (2, LengthDelimited): Value = input.ReadString(); return true;
            default: return false;
        }
    }

    protected override void Write(ProtoWriter writer)
    {
        writer.String(1, Key);
        writer.String(2, Value);
    }
}
