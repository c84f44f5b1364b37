using Onnx;
using ElementType = Onnx.TensorProto.Types.DataType;
using AttributeType = Onnx.AttributeProto.Types.AttributeType;

namespace AnimeGan.Quantization;

/// <summary>
/// Rewrites float convolutions into the QDQ form that ONNX Runtime fuses into integer convolutions:
/// <c>DQ(x), DQ(w), DQ(b) → Conv → Q → DQ</c>. Weights become int8, symmetric, one scale per output
/// channel; biases int32 at the input scale times the weight scale; activations uint8 with the
/// calibrated ranges. The quantize node after the convolution matters: without it ONNX Runtime keeps
/// a float convolution that reads dequantized weights, which is slower than the float model.
/// Everything between convolutions (layer norms, activations, resizes) stays float, except reflect
/// and edge padding in front of a convolution: it only copies values, so it runs on the quantized
/// tensor (a quarter of the bytes; at 512² that takes a third off the peak memory).
/// </summary>
public static class QdqRewriter
{
    /// <summary>QuantizeLinear with a per-channel axis needs opset 13.</summary>
    public const int MinimumOpset = 13;

    /// <summary>Convolutions whose weights (and bias, if any) are float constants: the ones this rewriter can quantize.</summary>
    public static IReadOnlyList<NodeProto> QuantizableConvolutions(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        return graph.Node.Where(node =>
            node.Is("Conv")
            && node.Input.Count >= 2
            && initializers.TryGetValue(node.Input[1], out var weight) && weight is { DataType: (int)ElementType.Float, Dims.Count: 4 }
            && (node.Input.Count < 3 || node.Input[2] == "" || initializers.TryGetValue(node.Input[2], out var bias) && bias.DataType == (int)ElementType.Float))
            .ToList();
    }

    /// <summary>The activations whose ranges calibration must provide: each convolution's input and output.</summary>
    public static IReadOnlyList<string> ActivationsOf(IEnumerable<NodeProto> convolutions) =>
        convolutions.SelectMany(conv => new[] { conv.Input[0], conv.Output[0] }).Distinct().ToList();

    /// <summary>Quantizes <paramref name="convolutions"/> (nodes of <paramref name="model"/>'s graph) in place.</summary>
    public static void Rewrite(ModelProto model, IReadOnlyCollection<NodeProto> convolutions, IReadOnlyDictionary<string, ActivationRange> ranges)
    {
        RequireOpset(model);
        var graph = model.Graph;
        var names = new TensorNames(graph);
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var targets = convolutions.ToHashSet(ReferenceEqualityComparer.Instance);
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (Tensor: o, Node: n))).ToDictionary(p => p.Tensor, p => p.Node);
        var consumerCounts = graph.Node.SelectMany(n => n.Input.Distinct()).Concat(graph.Output.Select(o => o.Name))
            .GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        // Float tensor → its dequantized stand-in and the scale it was quantized with.
        var quantized = new Dictionary<string, (string Dequantized, float Scale)>();
        var rewritten = new List<NodeProto>(graph.Node.Count + 6 * targets.Count);
        var replaced = new HashSet<string>();

        foreach (var node in graph.Node)
        {
            if (!targets.Contains(node))
            {
                rewritten.Add(node);
                continue;
            }
            var input = node.Input[0];
            if (!quantized.TryGetValue(input, out var x))
            {
                var dequantized = names.Fresh(input + "_dequantized");
                var range = RangeOf(ranges, input);
                var scale = producers.TryGetValue(input, out var pad) && IsValueCopyingPad(pad) && consumerCounts[input] == 1
                    ? QuantizeBeforePad(graph, names, pad, range, dequantized, rewritten)
                    : QuantizeActivation(graph, names, input, range, dequantized, rewritten);
                x = quantized[input] = (dequantized, scale);
            }
            node.Input[0] = x.Dequantized;

            replaced.UnionWith(node.Input.Skip(1).Where(name => name != ""));
            var weight = initializers[node.Input[1]];
            var weightScales = QuantizeWeight(graph, names, weight, rewritten, out var weightDequantized);
            node.Input[1] = weightDequantized;
            if (node.Input.Count >= 3 && node.Input[2] != "")
                node.Input[2] = QuantizeBias(graph, names, initializers[node.Input[2]], x.Scale, weightScales, rewritten);
            rewritten.Add(node);

            var output = node.Output[0];
            node.Output[0] = names.Fresh(output + "_float");
            quantized[output] = (output, QuantizeActivation(graph, names, node.Output[0], RangeOf(ranges, output), output, rewritten));
        }

        graph.Node.Clear();
        graph.Node.AddRange(rewritten);
        RemoveReplacedInitializers(graph, replaced);
    }

    public static void RequireOpset(ModelProto model)
    {
        if (model.DefaultOpset < MinimumOpset)
            throw new InvalidDataException($"the model uses opset {model.DefaultOpset}; per-channel quantization needs opset {MinimumOpset} or later");
    }

    private static ActivationRange RangeOf(IReadOnlyDictionary<string, ActivationRange> ranges, string tensor) =>
        ranges.TryGetValue(tensor, out var range) ? range
            : throw new ArgumentException($"calibration gave no range for tensor '{tensor}'", nameof(ranges));

    /// <summary>Adds Q and DQ nodes, <paramref name="tensor"/> → uint8 → float named <paramref name="dequantized"/>; returns the scale.</summary>
    private static float QuantizeActivation(GraphProto graph, TensorNames names, string tensor, ActivationRange range, string dequantized,
        List<NodeProto> nodes)
    {
        var parameters = AddParameters(graph, names, tensor, range);
        var quantizedName = names.Fresh(tensor + "_quantized");
        nodes.Add(parameters.Quantize(names, tensor, quantizedName));
        nodes.Add(parameters.Dequantize(names, quantizedName, dequantized));
        return parameters.Scale;
    }

    /// <summary>
    /// Quantizes the padding's input instead of its output and pads the uint8 tensor: Q(pad(x)) equals
    /// pad(Q(x)) for padding that only copies values. The padding's float output is gone afterwards.
    /// </summary>
    private static float QuantizeBeforePad(GraphProto graph, TensorNames names, NodeProto pad, ActivationRange range, string dequantized,
        List<NodeProto> nodes)
    {
        var padded = pad.Output[0];
        var parameters = AddParameters(graph, names, padded, range);
        var quantizedInput = names.Fresh(pad.Input[0] + "_quantized");
        nodes.Insert(nodes.FindIndex(node => ReferenceEquals(node, pad)), parameters.Quantize(names, pad.Input[0], quantizedInput));
        pad.Input[0] = quantizedInput;
        pad.Output[0] = names.Fresh(padded + "_quantized");
        nodes.Add(parameters.Dequantize(names, pad.Output[0], dequantized));
        return parameters.Scale;
    }

    /// <summary>
    /// Reflect or edge padding, with no constant_value input: that input would be a float, and a Pad on
    /// the quantized tensor needs it in the tensor's own type.
    /// </summary>
    private static bool IsValueCopyingPad(NodeProto node) =>
        node.Is("Pad") && node.FindAttribute("mode")?.S.ToStringUtf8() is "reflect" or "edge"
        && (node.Input.Count < 3 || node.Input[2] == "");

    private static QuantizationParameters AddParameters(GraphProto graph, TensorNames names, string tensor, ActivationRange range)
    {
        var (scale, zeroPoint) = range.ToUInt8();
        var parameters = new QuantizationParameters(names.Fresh(tensor + "_scale"), names.Fresh(tensor + "_zero_point"), scale);
        graph.Initializer.Add(TensorProto.Floats(parameters.ScaleName, [], [scale]));
        graph.Initializer.Add(TensorProto.Create(parameters.ZeroPointName, ElementType.Uint8, [], [zeroPoint]));
        return parameters;
    }

    /// <summary>The scale and zero point of one activation, as initializers.</summary>
    private sealed record QuantizationParameters(string ScaleName, string ZeroPointName, float Scale)
    {
        public NodeProto Quantize(TensorNames names, string input, string output) =>
            NodeProto.Create("QuantizeLinear", names.Fresh(input + "_QuantizeLinear"), [input, ScaleName, ZeroPointName], [output]);

        public NodeProto Dequantize(TensorNames names, string input, string output) =>
            NodeProto.Create("DequantizeLinear", names.Fresh(input + "_DequantizeLinear"), [input, ScaleName, ZeroPointName], [output]);
    }

    /// <summary>int8 weights, one symmetric scale per output channel (axis 0), and their DQ node.</summary>
    private static float[] QuantizeWeight(GraphProto graph, TensorNames names, TensorProto weight, List<NodeProto> nodes, out string dequantized)
    {
        var values = weight.ToFloats();
        var channels = (int)weight.Dims[0];
        var perChannel = values.Length / channels;
        var scales = new float[channels];
        var quantized = new sbyte[values.Length];
        for (var c = 0; c < channels; c++)
        {
            var slice = values.AsSpan(c * perChannel, perChannel);
            var largest = 0f;
            foreach (var v in slice) largest = Math.Max(largest, Math.Abs(v));
            scales[c] = largest > 0 ? largest / 127f : 1f;
            for (var i = 0; i < perChannel; i++)
                quantized[c * perChannel + i] = (sbyte)Math.Clamp(MathF.Round(slice[i] / scales[c]), -127f, 127f);
        }
        var name = weight.Name;
        var dims = weight.Dims.ToArray();
        dequantized = names.Fresh(name + "_dequantized");
        AddPerChannelDequantize(graph, names, name, ElementType.Int8, dims, quantized, scales, new sbyte[channels], dequantized, nodes);
        return scales;
    }

    /// <summary>int32 bias at scale x_scale · w_scale[c] with zero point 0, as the integer convolution accumulates it.</summary>
    private static string QuantizeBias(GraphProto graph, TensorNames names, TensorProto bias, float inputScale, float[] weightScales,
        List<NodeProto> nodes)
    {
        var values = bias.ToFloats();
        var scales = new float[values.Length];
        var quantized = new int[values.Length];
        for (var c = 0; c < values.Length; c++)
        {
            scales[c] = inputScale * weightScales[c];
            quantized[c] = (int)Math.Clamp(Math.Round((double)values[c] / scales[c]), int.MinValue, int.MaxValue);
        }
        var name = bias.Name;
        var dequantized = names.Fresh(name + "_dequantized");
        AddPerChannelDequantize(graph, names, name, ElementType.Int32, bias.Dims.ToArray(), quantized, scales, new int[values.Length], dequantized, nodes);
        return dequantized;
    }

    private static void AddPerChannelDequantize<T>(GraphProto graph, TensorNames names, string name, ElementType dataType, long[] dims,
        T[] quantized, float[] scales, T[] zeroPoints, string dequantized, List<NodeProto> nodes) where T : unmanaged
    {
        var quantizedName = names.Fresh(name + "_quantized");
        var scaleName = names.Fresh(name + "_scale");
        var zeroPointName = names.Fresh(name + "_zero_point");
        graph.Initializer.Add(TensorProto.Create<T>(quantizedName, dataType, dims, quantized));
        graph.Initializer.Add(TensorProto.Floats(scaleName, [scales.Length], scales));
        graph.Initializer.Add(TensorProto.Create<T>(zeroPointName, dataType, [zeroPoints.Length], zeroPoints));
        nodes.Add(NodeProto.Create("DequantizeLinear", names.Fresh(name + "_DequantizeLinear"), [quantizedName, scaleName, zeroPointName],
            [dequantized], AttributeProto.Int("axis", 0)));
    }

    /// <summary>
    /// Drops the float weights and biases that the int8 ones replaced, unless a node still reads them (a
    /// convolution kept in float may share them). Nodes inside subgraphs (If, Loop, Scan) are not read
    /// here, so where there are any the float copies stay.
    /// </summary>
    private static void RemoveReplacedInitializers(GraphProto graph, IReadOnlySet<string> replaced)
    {
        if (graph.Node.Any(n => n.Attribute.Any(a => a.Type is AttributeType.Graph or AttributeType.Graphs))) return;
        var used = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).ToHashSet();
        var removed = replaced.Where(name => !used.Contains(name)).ToHashSet();
        graph.Initializer.RemoveAll(t => removed.Contains(t.Name));
        // Models before IR version 4 also list their initializers as graph inputs.
        graph.Input.RemoveAll(input => removed.Contains(input.Name));
    }

    /// <summary>Every tensor and node name in a graph, so new names never collide.</summary>
    private sealed class TensorNames
    {
        private readonly HashSet<string> _taken;

        public TensorNames(GraphProto graph)
        {
            _taken = graph.Node.SelectMany(n => n.Input.Concat(n.Output).Append(n.Name))
                .Concat(graph.Initializer.Select(t => t.Name))
                .Concat(graph.Input.Concat(graph.Output).Concat(graph.ValueInfo).Select(v => v.Name))
                .ToHashSet();
        }

        public string Fresh(string wanted)
        {
            var name = wanted;
            for (var i = 2; !_taken.Add(name); i++) name = $"{wanted}_{i}";
            return name;
        }
    }
}
