using System.Runtime.InteropServices;
using Google.Protobuf;
using Google.Protobuf.Collections;
using static Google.Protobuf.WireFormat.WireType;

namespace AnimeGan.Quantization.Onnx;

/// <summary>onnx.proto TensorProto.DataType values this code reads or writes.</summary>
public static class OnnxDataType
{
    public const int Float = 1, UInt8 = 2, Int8 = 3, Int32 = 6;
}

/// <summary>
/// onnx.proto TensorProto: a constant tensor (weights, shapes). Values live in raw_data (little-endian)
/// or in the typed lists; the string, double and uint64 lists, segments and external data are kept as
/// unknown fields, so such tensors survive a round trip but cannot be read as numbers here.
/// </summary>
public sealed class TensorProto : OnnxMessage
{
    // dims is proto2 unpacked; the data lists are [packed = true].
    private static readonly FieldCodec<long> DimsCodec = FieldCodec.ForInt64(Tag(1, Varint));
    private static readonly FieldCodec<float> FloatDataCodec = FieldCodec.ForFloat(Tag(4, LengthDelimited));
    private static readonly FieldCodec<int> Int32DataCodec = FieldCodec.ForInt32(Tag(5, LengthDelimited));
    private static readonly FieldCodec<long> Int64DataCodec = FieldCodec.ForInt64(Tag(7, LengthDelimited));

    public RepeatedField<long> Dims { get; } = [];
    public int? DataType { get; set; }
    public RepeatedField<float> FloatData { get; } = [];
    public RepeatedField<int> Int32Data { get; } = [];
    public RepeatedField<long> Int64Data { get; } = [];
    public string? Name { get; set; }
    public ByteString? RawData { get; set; }
    public string? DocString { get; set; }

    public long ElementCount => Dims.Aggregate(1L, (product, dim) => product * dim);

    public float[] ToFloats()
    {
        RequireType(OnnxDataType.Float);
        return RawData is not null ? MemoryMarshal.Cast<byte, float>(RawData.Span).ToArray() : FloatData.ToArray();
    }

    public static TensorProto Create<T>(string name, int dataType, ReadOnlySpan<long> dims, ReadOnlySpan<T> values) where T : unmanaged
    {
        var tensor = new TensorProto { Name = name, DataType = dataType, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Dims.AddRange(dims.ToArray());
        if (tensor.ElementCount != values.Length)
            throw new ArgumentException($"{values.Length} values do not fill a [{string.Join(",", tensor.Dims)}] tensor");
        return tensor;
    }

    public static TensorProto Floats(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values) =>
        Create(name, OnnxDataType.Float, dims, values);

    private void RequireType(int expected)
    {
        if (DataType != expected)
            throw new InvalidDataException($"tensor '{Name}' has data type {DataType}, not {expected}");
        if (RawData is null && ElementCount > 0 && FloatData.Count == 0 && Int64Data.Count == 0)
            throw new InvalidDataException($"tensor '{Name}' keeps its values outside the model (external data), which is not supported");
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian");
    }

    protected override bool ReadField(CodedInputStream input, int field, WireFormat.WireType wireType)
    {
        switch (field, wireType)
        {
            case (1, Varint or LengthDelimited): ReadRepeated(input, Dims, DimsCodec); return true;
            case (2, Varint): DataType = input.ReadInt32(); return true;
            case (4, Fixed32 or LengthDelimited): ReadRepeated(input, FloatData, FloatDataCodec); return true;
            case (5, Varint or LengthDelimited): ReadRepeated(input, Int32Data, Int32DataCodec); return true;
            case (7, Varint or LengthDelimited): ReadRepeated(input, Int64Data, Int64DataCodec); return true;
            case (8, LengthDelimited): Name = input.ReadString(); return true;
            case (9, LengthDelimited): RawData = input.ReadBytes(); return true;
            case (12, LengthDelimited): DocString = input.ReadString(); return true;
            default: return false;
        }
    }

    protected override void Write(ProtoWriter writer)
    {
        writer.Repeated(Dims, DimsCodec);
        writer.Int32(2, DataType);
        writer.Repeated(FloatData, FloatDataCodec);
        writer.Repeated(Int32Data, Int32DataCodec);
        writer.Repeated(Int64Data, Int64DataCodec);
        writer.String(8, Name);
        writer.Bytes(9, RawData);
        writer.String(12, DocString);
    }
}
