using System.Runtime.InteropServices;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Onnx;
using AttributeType = Onnx.AttributeProto.Types.AttributeType;
using ElementType = Onnx.TensorProto.Types.DataType;

namespace AnimeGan.Quantization;

/// <summary>
/// What the quantizer adds to the ONNX classes that protoc generates from onnx.proto (namespace
/// <c>Onnx</c>, see AnimeGan.Core.csproj): loading with a clear error, the default opset, metadata,
/// reading float weights, and building the nodes, attributes and tensors that the QDQ rewrite inserts.
/// Reading and writing the file is the generated code's; fields nothing here uses (functions, training
/// info, fields of ONNX versions newer than the schema) come back out as they went in.
/// </summary>
public static class OnnxExtensions
{
    extension(ModelProto)
    {
        /// <exception cref="InvalidDataException">The bytes are not a protobuf ModelProto (truncated, corrupt, another format).</exception>
        public static ModelProto Parse(byte[] bytes)
        {
            ModelProto model;
            try
            {
                model = ModelProto.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new InvalidDataException($"not an ONNX model: {e.Message}", e);
            }
            // Callers walk the graph without asking whether there is one; a file without one has an empty graph.
            model.Graph ??= new GraphProto();
            return model;
        }

        /// <inheritdoc cref="Parse(byte[])"/>
        public static ModelProto Load(string path) => ModelProto.Parse(File.ReadAllBytes(path));
    }

    extension(ModelProto model)
    {
        /// <summary>The opset of the default ("ai.onnx") domain; 0 when the model imports none.</summary>
        public long DefaultOpset => model.OpsetImport.FirstOrDefault(o => IsDefaultDomain(o.Domain))?.Version ?? 0;

        /// <summary>The value of the last metadata entry named <paramref name="key"/>, or null.</summary>
        public string? Metadata(string key) => model.MetadataProps.LastOrDefault(p => p.Key == key) is { HasValue: true } entry ? entry.Value : null;

        /// <summary>Replaces every metadata entry named <paramref name="key"/> by one, added last.</summary>
        public void SetMetadata(string key, string value)
        {
            model.MetadataProps.RemoveAll(p => p.Key == key);
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
    }

    extension(NodeProto)
    {
        public static NodeProto Create(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs,
            params AttributeProto[] attributes)
        {
            var node = new NodeProto { OpType = opType, Name = name };
            node.Input.AddRange(inputs);
            node.Output.AddRange(outputs);
            node.Attribute.AddRange(attributes);
            return node;
        }
    }

    extension(NodeProto node)
    {
        /// <summary>An operator of the default domain ("" or "ai.onnx") named <paramref name="opType"/>.</summary>
        public bool Is(string opType) => node.OpType == opType && IsDefaultDomain(node.Domain);

        public AttributeProto? FindAttribute(string name) => node.Attribute.FirstOrDefault(a => a.Name == name);
    }

    extension(AttributeProto)
    {
        public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeType.Int, I = value };

        public static AttributeProto IntList(string name, params long[] values)
        {
            var attribute = new AttributeProto { Name = name, Type = AttributeType.Ints };
            attribute.Ints.AddRange(values);
            return attribute;
        }
    }

    extension(ValueInfoProto)
    {
        /// <summary>A tensor of the given element type whose shape is left to the runtime.</summary>
        public static ValueInfoProto Tensor(string name, ElementType elementType) =>
            new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType } } };
    }

    extension(TensorProto)
    {
        /// <summary>A constant tensor with its values in raw_data (little-endian).</summary>
        public static TensorProto Create<T>(string name, ElementType elementType, ReadOnlySpan<long> dims, ReadOnlySpan<T> values)
            where T : unmanaged
        {
            var tensor = new TensorProto { Name = name, DataType = (int)elementType, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
            tensor.Dims.AddRange(dims.ToArray());
            if (tensor.ElementCount != values.Length)
                throw new ArgumentException($"{values.Length} values do not fill a [{string.Join(",", tensor.Dims)}] tensor");
            return tensor;
        }

        public static TensorProto Floats(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values) =>
            TensorProto.Create(name, ElementType.Float, dims, values);
    }

    extension(TensorProto tensor)
    {
        public long ElementCount => tensor.Dims.Aggregate(1L, (product, dim) => product * dim);

        /// <summary>
        /// The values of a float tensor, from raw_data or float_data.
        /// </summary>
        /// <exception cref="InvalidDataException">Not a float tensor, or its values are kept outside the model (external data).</exception>
        public float[] ToFloats()
        {
            RequireType(tensor, ElementType.Float);
            return tensor.HasRawData ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray() : tensor.FloatData.ToArray();
        }

        /// <summary>The values of an int64 tensor (a Pad's pads, a shape), from raw_data or int64_data.</summary>
        /// <exception cref="InvalidDataException">Not an int64 tensor, or its values are kept outside the model.</exception>
        public long[] ToInt64s()
        {
            RequireType(tensor, ElementType.Int64);
            return tensor.HasRawData ? MemoryMarshal.Cast<byte, long>(tensor.RawData.Span).ToArray() : tensor.Int64Data.ToArray();
        }
    }

    extension<T>(RepeatedField<T> field)
    {
        /// <summary>Removes the elements that match, keeping the order of the rest.</summary>
        internal void RemoveAll(Func<T, bool> match)
        {
            var kept = field.Where(item => !match(item)).ToList();
            field.Clear();
            field.AddRange(kept);
        }
    }

    private static bool IsDefaultDomain(string domain) => domain is "" or "ai.onnx";

    private static void RequireType(TensorProto tensor, ElementType expected)
    {
        if (tensor.DataType != (int)expected)
            throw new InvalidDataException($"tensor '{tensor.Name}' has data type {(ElementType)tensor.DataType}, not {expected}");
        if (!tensor.HasRawData && tensor.ElementCount > 0 && tensor.FloatData.Count == 0 && tensor.Int64Data.Count == 0)
            throw new InvalidDataException($"tensor '{tensor.Name}' keeps its values outside the model (external data), which is not supported");
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian");
    }
}
