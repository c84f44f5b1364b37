using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;

namespace AnimeGan.Quantization.Onnx;

/// <summary>
/// An ONNX protobuf message read and written from the field numbers of onnx.proto: there is no
/// generated code and no descriptor, only the wire format of Google.Protobuf. Fields a subclass does
/// not model are kept as they came and written back unchanged, so a model edited here loses nothing.
/// </summary>
public abstract class OnnxMessage : IMessage
{
    private UnknownFieldSet? _unknown;

    public void MergeFrom(CodedInputStream input)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (!ReadField(input, WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag)))
                _unknown = UnknownFieldSet.MergeFieldFrom(_unknown, input);
        }
    }

    public void WriteTo(CodedOutputStream output)
    {
        Write(new ProtoWriter(output));
        _unknown?.WriteTo(output);
    }

    public int CalculateSize()
    {
        var counter = new ProtoWriter(null);
        Write(counter);
        return counter.Size + (_unknown?.CalculateSize() ?? 0);
    }

    MessageDescriptor IMessage.Descriptor =>
        throw new NotSupportedException("ONNX messages are read by field number; they have no descriptor");

    /// <summary>Reads the field that <paramref name="input"/> is positioned on; false leaves it to be kept as unknown.</summary>
    protected abstract bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType);

    /// <summary>Writes the modelled fields in field-number order (unknown fields follow).</summary>
    protected abstract void Write(ProtoWriter writer);

    protected static T ReadMessage<T>(CodedInputStream input) where T : OnnxMessage, new()
    {
        var message = new T();
        input.ReadMessage(message);
        return message;
    }

    /// <summary>Appends a repeated scalar field, packed or not (proto2 writers do either).</summary>
    protected static void ReadRepeated<T>(CodedInputStream input, RepeatedField<T> values, FieldCodec<T> codec) =>
        values.AddEntriesFrom(input, codec);

    protected static uint Tag(int field, WireFormat.WireType wireType) => WireFormat.MakeTag(field, wireType);
}

/// <summary>Writes fields to a stream, or only counts their bytes (the same code computes the size and writes).</summary>
public sealed class ProtoWriter
{
    private readonly CodedOutputStream? _output;

    internal ProtoWriter(CodedOutputStream? output) => _output = output;

    public int Size { get; private set; }

    public void Int64(int field, long? value) =>
        Scalar(field, value, WireFormat.WireType.Varint, CodedOutputStream.ComputeInt64Size, (o, v) => o.WriteInt64(v));

    public void Int32(int field, int? value) =>
        Scalar(field, value, WireFormat.WireType.Varint, CodedOutputStream.ComputeInt32Size, (o, v) => o.WriteInt32(v));

    public void Float(int field, float? value) =>
        Scalar(field, value, WireFormat.WireType.Fixed32, CodedOutputStream.ComputeFloatSize, (o, v) => o.WriteFloat(v));

    public void String(int field, string? value) =>
        Delimited(field, value, CodedOutputStream.ComputeStringSize, (o, v) => o.WriteString(v));

    public void Bytes(int field, ByteString? value) =>
        Delimited(field, value, CodedOutputStream.ComputeBytesSize, (o, v) => o.WriteBytes(v));

    public void Message(int field, IMessage? message) =>
        Delimited(field, message, CodedOutputStream.ComputeMessageSize, (o, v) => o.WriteMessage(v));

    public void Messages(int field, IEnumerable<IMessage> messages)
    {
        foreach (var message in messages) Message(field, message);
    }

    public void Repeated<T>(RepeatedField<T> values, FieldCodec<T> codec)
    {
        if (_output is null) Size += values.CalculateSize(codec);
        else values.WriteTo(_output, codec);
    }

    private void Scalar<T>(int field, T? value, WireFormat.WireType wireType, Func<T, int> size, Action<CodedOutputStream, T> write) where T : struct
    {
        if (value is not { } v) return;
        Tag(field, wireType);
        if (_output is null) Size += size(v);
        else write(_output, v);
    }

    private void Delimited<T>(int field, T? value, Func<T, int> size, Action<CodedOutputStream, T> write) where T : class
    {
        if (value is null) return;
        Tag(field, WireFormat.WireType.LengthDelimited);
        if (_output is null) Size += size(value);
        else write(_output, value);
    }

    private void Tag(int field, WireFormat.WireType wireType)
    {
        if (_output is null) Size += CodedOutputStream.ComputeTagSize(field);
        else _output.WriteTag(field, wireType);
    }
}
