using AnimeGan.Quantization;
using Google.Protobuf;
using Onnx;
using ElementType = Onnx.TensorProto.Types.DataType;

namespace AnimeGan.Inference;

/// <summary>
/// How a tensor between two tail segments is kept: as the floats it is, or as the 8-bit integers a
/// quantized graph holds it in (a quarter of the memory), with the scale and zero point that give the
/// floats back as DequantizeLinear would.
/// </summary>
internal sealed record Storage(ElementType Type, float Scale = 1, int ZeroPoint = 0)
{
    public static Storage Float { get; } = new(ElementType.Float);

    public int ElementSize => Type == ElementType.Float ? sizeof(float) : 1;

    /// <summary>The float an 8-bit value stands for (its raw byte, read as the storage's type).</summary>
    public float Dequantize(byte raw) => ((Type == ElementType.Int8 ? (sbyte)raw : raw) - ZeroPoint) * Scale;

    /// <summary>The raw byte a float becomes, as QuantizeLinear computes it: divided by the scale, rounded half to even, moved by the zero point, saturated.</summary>
    public byte Quantize(float value)
    {
        var (low, high) = Type == ElementType.Int8 ? (-128f, 127f) : (0f, 255f);
        var quantized = (int)Math.Clamp(MathF.Round(value / Scale) + ZeroPoint, low, high);
        return Type == ElementType.Int8 ? (byte)(sbyte)quantized : (byte)quantized;
    }
}

/// <summary>
/// A fused whole-tensor norm (<see cref="NormFusion.NormOp"/>): y = LeakyRelu((x − mean) / sqrt(var + ε) ·
/// scale[c] + bias[c], α), mean and var over the whole tensor, which is why the tail stops at it: no band
/// can know them alone.
/// </summary>
/// <param name="Output">How it writes its result: floats, or quantized (<see cref="NormFusion.QuantizedNormOp"/>).</param>
internal sealed record WholeNorm(float Epsilon, float[] Scale, float[] Bias, float Alpha, Storage Output);

/// <summary>
/// A piece of the tail between two norms: a graph of row-local operators (convolutions, padding, an
/// upsampling, elementwise ones), so a band of its output rows needs only its input's rows around them.
/// </summary>
/// <param name="Model">The piece as an ONNX model: one input [1, C, h, w] (as its norm writes it), one output [1, C', h·Scale, w·Scale].</param>
/// <param name="Norm">The norm its input goes through first, applied while a band is cut (null for the first piece: the head's output is final).</param>
/// <param name="Output">How its output is kept until the next piece reads it.</param>
/// <param name="Scale">How many times it enlarges rows and columns.</param>
/// <param name="Halo">Input rows on each side of a band that the band's outputs depend on.</param>
/// <param name="Channels">Its widest tensor's channels (after the enlargement), which sizes its bands.</param>
internal sealed record TailSegment(byte[] Model, WholeNorm? Norm, Storage Output, int Scale, int Halo, int Channels);

/// <summary>
/// Cuts a generator's graph into a head and its full-resolution tail, so the tail can run a band of rows
/// at a time (<see cref="BandedTail"/>). The tail is the chain of nodes, each reading the one before,
/// from the graph's last upsampling (a Resize, or its fused form) to its output; its whole-tensor norms cut it into
/// <see cref="TailSegment"/>s. A graph whose end is not such a chain (skip connections, operators that
/// mix rows, strided convolutions) has no tail and runs whole.
/// </summary>
internal sealed record TailPlan(byte[] Head, IReadOnlyList<TailSegment> Segments)
{
    /// <summary>Operators that read each value at its own position only.</summary>
    private static readonly HashSet<string> Elementwise =
        ["QuantizeLinear", "DequantizeLinear", "LeakyRelu", "Relu", "Tanh", "Sigmoid", "Identity", "Clip"];

    /// <summary>The plan for <paramref name="model"/> (its operators fused, <see cref="SessionFactory.FusedGraph(string, InferenceSettings)"/>), or null when its graph has no such tail.</summary>
    public static TailPlan? Cut(ModelProto model)
    {
        var graph = model.Graph;
        if (graph.Output.Count != 1) return null;
        var constants = new Constants(graph);
        var uses = new GraphUses(graph);
        var chain = new List<NodeProto>();
        var tensor = graph.Output[0].Name;
        while (chain.FirstOrDefault() is not { } first || UpsamplingScale(first, constants) is null)
        {
            if (uses.Producer(tensor) is not { } node || node.Output.Count != 1 || (!IsRowLocal(node, constants) && !IsNorm(node))) return null;
            var data = node.Input.Where(i => i.Length > 0 && !constants.Contains(i)).ToList();
            if (data.Count != 1 || uses.Of(data[0]).Count != 1) return null;
            chain.Insert(0, node);
            tensor = data[0];
        }
        if (!chain.Any(IsNorm) || uses.Producer(tensor) is null or { OpType: "QuantizeLinear" }) return null;

        var segments = new List<TailSegment>();
        var pieces = new List<NodeProto>();
        var (input, norm) = (tensor, (WholeNorm?)null);
        foreach (var node in chain)
        {
            if (!IsNorm(node))
            {
                pieces.Add(node);
                continue;
            }
            // A norm reading a dequantized tensor: the piece ends at the integers (the quantized norm reads them itself;
            // before a float norm, the piece stops short of the DequantizeLinear).
            var (boundary, storage) = (node.Input[0], IsQuantized(node) ? StorageOf(node, 1, constants) : Storage.Float);
            if (storage is null) return null;
            if (!IsQuantized(node) && pieces.LastOrDefault() is { OpType: "DequantizeLinear" } dequantize && StorageOf(dequantize, 1, constants) is { } quantized)
            {
                pieces.Remove(dequantize);
                (boundary, storage) = (dequantize.Input[0], quantized);
            }
            if (Segment(model, pieces, input, boundary, storage, norm, constants) is not { } segment) return null;
            segments.Add(segment);
            if (NormOf(node, constants) is not { } next) return null;
            (pieces, input, norm) = ([], node.Output[0], next);
        }
        if (Segment(model, pieces, input, graph.Output[0].Name, Storage.Float, norm, constants) is not { } last) return null;
        segments.Add(last);
        return new TailPlan(HeadOf(model, tensor), segments);
    }

    private static bool IsNorm(NodeProto node) => node.Domain == NormFusion.Domain && node.OpType is NormFusion.NormOp or NormFusion.QuantizedNormOp;

    private static bool IsQuantized(NodeProto norm) => norm.OpType == NormFusion.QuantizedNormOp;

    /// <summary>Whether a band of the node's output needs only the input rows around it, the rows staying in step (stride 1, symmetric padding).</summary>
    private static bool IsRowLocal(NodeProto node, Constants constants) => UpsamplingScale(node, constants) is not null || node.Is(node.OpType) && node.OpType switch
    {
        "Conv" => Conv(node) is not null,
        "Pad" => node.Input.Count < 4 && node.Input.Count > 1 && constants.Values(node.Input[1]) is { } pads
                 && pads.DataType == (int)ElementType.Int64 && pads.ToInt64s() is [0, 0, var top, _, 0, 0, var bottom, _] && top == bottom,
        _ => Elementwise.Contains(node.OpType),
    };

    /// <summary>A stride-1 convolution's reach in rows on each side and the rows it pads on top; null when strided, unevenly or implicitly padded, or of an even kernel.</summary>
    private static (int Radius, int Top)? Conv(NodeProto conv)
    {
        if (conv.FindAttribute("kernel_shape") is not { Ints: [var kernel, _] } || kernel % 2 == 0) return null;
        if (conv.FindAttribute("strides") is { } strides && strides.Ints.Any(s => s != 1)) return null;
        if (conv.FindAttribute("auto_pad")?.S.ToStringUtf8() is not (null or "" or "NOTSET" or "VALID")) return null;
        var (top, bottom) = conv.FindAttribute("pads") is { Ints: [var t, _, var b, _] } ? (t, b) : (0, 0);
        if (top != bottom) return null;
        var dilation = conv.FindAttribute("dilations") is { Ints: [var d, _] } ? d : 1;
        return ((int)(dilation * (kernel - 1) / 2), (int)top);
    }

    /// <summary>The rows a Pad adds on top (as many as at the bottom, by <see cref="IsRowLocal"/>).</summary>
    private static int PadTop(NodeProto pad, Constants constants) => (int)constants.Values(pad.Input[1])!.ToInt64s()[2];

    /// <summary>
    /// How many times an upsampling node enlarges: the project's <see cref="UpsampleFusion.Op"/> twice, a Resize
    /// by one whole factor on both spatial axes whose sampling moves in step with its input (not
    /// align_corners); null for any other node.
    /// </summary>
    private static int? UpsamplingScale(NodeProto node, Constants constants) =>
        node.Domain == NormFusion.Domain && node.OpType == UpsampleFusion.Op ? 2 : node.Is("Resize") ? ResizeScale(node, constants) : null;

    private static int? ResizeScale(NodeProto resize, Constants constants)
    {
        if (resize.Input.Count is < 3 or > 4 || resize.Input.ElementAtOrDefault(3) is { Length: > 0 } || constants.Values(resize.Input[2]) is not { } scales) return null;
        if (resize.FindAttribute("coordinate_transformation_mode")?.S.ToStringUtf8() is not (null or "half_pixel" or "pytorch_half_pixel" or "asymmetric")) return null;
        return scales.ToFloats() is [1, 1, var h, var w] && h == w && h >= 1 && h == MathF.Round(h) ? (int)h : null;
    }

    /// <summary>
    /// The 8-bit storage that a node's per-tensor scale and zero point (its inputs <paramref name="scaleAt"/> and the
    /// one after: a DequantizeLinear's, a quantized norm's) describe; null for anything else.
    /// </summary>
    private static Storage? StorageOf(NodeProto node, int scaleAt, Constants constants)
    {
        if (node.Input.Count <= scaleAt || constants.Values(node.Input[scaleAt]) is not { } scale || scale.ElementCount != 1) return null;
        var zeroPoint = node.Input.Count > scaleAt + 1 && node.Input[scaleAt + 1].Length > 0 ? constants.Values(node.Input[scaleAt + 1]) : null;
        var type = zeroPoint is null ? ElementType.Uint8 : (ElementType)zeroPoint.DataType;
        if (type is not (ElementType.Uint8 or ElementType.Int8) || zeroPoint is { } z && z.ElementCount != 1) return null;
        var zero = zeroPoint is null ? 0 : zeroPoint.HasRawData ? (type == ElementType.Int8 ? (sbyte)zeroPoint.RawData[0] : zeroPoint.RawData[0]) : zeroPoint.Int32Data[0];
        return new Storage(type, scale.ToFloats()[0], zero);
    }

    /// <summary>A fused norm's constants (after a quantized norm's input scale and zero point), and how it writes its output.</summary>
    private static WholeNorm? NormOf(NodeProto norm, Constants constants)
    {
        var at = IsQuantized(norm) ? 3 : 1;
        var output = IsQuantized(norm) ? StorageOf(norm, 6, constants) : Storage.Float;
        if (output is null) return null;
        return new WholeNorm(constants.Values(norm.Input[at])!.ToFloats()[0], constants.Values(norm.Input[at + 1])!.ToFloats(),
            constants.Values(norm.Input[at + 2])!.ToFloats(), norm.FindAttribute("alpha")?.F ?? 1f, output);
    }

    /// <summary>A piece as a model of its own: its nodes, the constants they read (with the nodes that make them), its input and output.</summary>
    private static TailSegment? Segment(ModelProto model, List<NodeProto> nodes, string input, string output, Storage storage, WholeNorm? norm,
        Constants constants)
    {
        if (nodes.Count == 0) return null;
        // Walked from the output back: each convolution widens the reach by its radius, an upsampling divides it
        // (and adds rows for its interpolation); the rows must stay in step, every convolution's reach padded
        // for by it or a Pad before it (a "valid" 7×7 convolution after a Pad of 3 rows).
        var (scale, halo, shift) = (1, 0, 0);
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            switch (nodes[i].OpType)
            {
                case "Conv" when Conv(nodes[i]) is var (radius, top):
                    (halo, shift) = (halo + radius, shift + radius - top);
                    break;
                case "Pad":
                    shift -= PadTop(nodes[i], constants);
                    break;
                case var _ when UpsamplingScale(nodes[i], constants) is { } factor:
                    if (shift != 0) return null;
                    halo = (halo + factor - 1) / factor + 2;
                    scale *= factor;
                    break;
            }
        }
        if (shift != 0) return null;
        var channels = nodes.Where(n => n.OpType == "Conv").Select(n => constants.Weight(n.Input[1]) is { Dims: [var o, var i, _, _] } ? (int)Math.Max(o, i) : 1)
            .DefaultIfEmpty(1).Max();
        var graph = new GraphProto { Name = $"{model.Graph.Name} tail {input} → {output}" };
        graph.Input.Add(ValueInfoProto.Tensor(input, (norm?.Output ?? Storage.Float).Type));
        graph.Output.Add(ValueInfoProto.Tensor(output, storage.Type));
        graph.Node.AddRange(constants.MakersOf(nodes).Concat(nodes).Select(n => n.Clone()));
        var read = graph.Node.SelectMany(n => n.Input).ToHashSet();
        graph.Initializer.AddRange(model.Graph.Initializer.Where(t => read.Contains(t.Name)).Select(t => t.Clone()));
        var piece = new ModelProto { IrVersion = model.IrVersion, Graph = graph };
        piece.OpsetImport.AddRange(model.OpsetImport.Select(o => o.Clone()));
        return new TailSegment(piece.ToByteArray(), norm, storage, scale, halo, channels);
    }

    /// <summary>
    /// The graph's constant tensors: its initializers, and the outputs of nodes that read constants only
    /// (a quantized graph's weights, dequantized by a node), with the nodes that make them.
    /// </summary>
    private sealed class Constants
    {
        private readonly Dictionary<string, TensorProto> _initializers;
        private readonly Dictionary<string, NodeProto> _makers = [];

        public Constants(GraphProto graph)
        {
            _initializers = graph.Initializer.ToDictionary(t => t.Name);
            foreach (var node in graph.Node)
                if (node.Input.Any(i => i.Length > 0) && node.Input.All(i => i.Length == 0 || Contains(i)))
                    foreach (var output in node.Output) _makers[output] = node;
        }

        public bool Contains(string tensor) => _initializers.ContainsKey(tensor) || _makers.ContainsKey(tensor);

        /// <summary>An initializer's values; null for a tensor a node makes.</summary>
        public TensorProto? Values(string tensor) => _initializers.GetValueOrDefault(tensor);

        /// <summary>The initializer a constant comes from, through the nodes that make it from their first input (a weight's DequantizeLinear).</summary>
        public TensorProto? Weight(string tensor) =>
            Values(tensor) ?? (_makers.GetValueOrDefault(tensor) is { } maker ? Weight(maker.Input[0]) : null);

        /// <summary>The nodes that make the constants <paramref name="nodes"/> read, each after what it reads.</summary>
        public List<NodeProto> MakersOf(IEnumerable<NodeProto> nodes)
        {
            var makers = new List<NodeProto>();
            void Visit(string tensor)
            {
                if (!_makers.TryGetValue(tensor, out var maker) || makers.Contains(maker)) return;
                foreach (var input in maker.Input) Visit(input);
                makers.Add(maker);
            }
            foreach (var input in nodes.SelectMany(n => n.Input)) Visit(input);
            return makers;
        }
    }

    /// <summary>The graph without its tail: it ends at the tail's input, and keeps only the nodes and constants that lead there.</summary>
    private static byte[] HeadOf(ModelProto model, string tailInput)
    {
        var head = model.Clone();
        var graph = head.Graph;
        graph.Output.Clear();
        graph.Output.Add(ValueInfoProto.Tensor(tailInput, ElementType.Float));
        // Keep what leads to the new output, from the end back (the tail's nodes do not), then the constants those read.
        var read = new HashSet<string> { tailInput };
        var kept = new List<NodeProto>();
        for (var i = graph.Node.Count - 1; i >= 0; i--)
        {
            if (!graph.Node[i].Output.Any(read.Contains)) continue;
            kept.Insert(0, graph.Node[i]);
            read.UnionWith(graph.Node[i].Input);
        }
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        graph.Initializer.RemoveAll(t => !read.Contains(t.Name));
        graph.ValueInfo.RemoveAll(v => !read.Contains(v.Name));
        return head.ToByteArray();
    }
}
