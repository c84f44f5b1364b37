using Onnx;

namespace AnimeGan.Inference;

/// <summary>
/// Rewrites the generators' normalizations, as their exported graphs spell them in chains of elementwise
/// nodes, into single nodes of the project's fused-norm operators (native/norm_ops: each tensor read once
/// for its sums and once more to write, no full-size temporaries), taking the LeakyReLU after each too.
/// Two patterns, matched node by node, each intermediate used only inside its pattern and every constant
/// an initializer of the graph; anything else is left as it is, so a model without them is unchanged.
/// <list type="bullet">
/// <item>AnimeGANv2's whole-tensor norm (GroupNorm with one group), in float graphs and between the
/// quantized convolutions of INT8 ones: m = ReduceMean(X, axes 1..3), v = ReduceMean((X − m)²),
/// s = Reciprocal(Sqrt(v + ε)) · γ, Y = X · s + (β − m · s) → <see cref="NormOp"/>; between a
/// DequantizeLinear and a QuantizeLinear, the three → <see cref="QuantizedNormOp"/>;</item>
/// <item>AnimeGANv3's adaptive instance norm: X normalized per channel by InstanceNormalization, then
/// given the per-channel mean and deviation of Y: Y' = IN(X) · Sqrt(ReduceMean((Y − m)², axes 2..3) + ε) + m,
/// m = ReduceMean(Y, axes 2..3) → <see cref="AdaptiveNormOp"/>.</item>
/// </list>
/// </summary>
public static class NormFusion
{
    public const string Domain = "ai.animegan.norm";
    public const string NormOp = "NormLeakyRelu";
    public const string QuantizedNormOp = "QNormLeakyRelu";
    public const string AdaptiveNormOp = "AdaptiveNormLeakyRelu";

    /// <summary>Rewrites every match in <paramref name="model"/>'s graph; returns how many.</summary>
    public static int Rewrite(ModelProto model)
    {
        var graph = model.Graph;
        var constants = graph.Initializer.Select(t => t.Name).ToHashSet();
        var fused = 0;
        foreach (var anchor in graph.Node.Where(n => IsMean(n, [1, 2, 3]) || n.OpType == "InstanceNormalization").ToList())
        {
            var uses = new GraphUses(graph);
            var match = anchor.OpType == "ReduceMean" ? MatchNorm(anchor, uses, constants) : MatchAdaptiveNorm(anchor, uses, constants);
            if (match is null) continue;
            Replace(graph, match, $"fused_norm_{fused++}");
        }
        if (fused == 0) return 0;
        TakeInQuantization(graph);
        DeclareDomain(model);
        return fused;
    }

    /// <summary>Names the project's operator domain among the model's opsets, once (a graph that uses its operators must).</summary>
    internal static void DeclareDomain(ModelProto model)
    {
        if (model.OpsetImport.All(o => o.Domain != Domain)) model.OpsetImport.Add(new OperatorSetIdProto { Domain = Domain, Version = 1 });
    }

    /// <summary>
    /// In an INT8 graph, a fused norm between a DequantizeLinear and a QuantizeLinear (one scale and one
    /// 8-bit zero point each) becomes one <see cref="QuantizedNormOp"/> node, which reads and writes the
    /// bytes: the three read and wrote the tensor as floats five times (BENCHMARKS.md, "Performance round 3").
    /// </summary>
    private static void TakeInQuantization(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        foreach (var norm in graph.Node.Where(n => n.Domain == Domain && n.OpType == NormOp).ToList())
        {
            var uses = new GraphUses(graph);
            if (uses.Producer(norm.Input[0]) is not { OpType: "DequantizeLinear" } dequantize || uses.Of(dequantize.Output[0]).Count != 1) continue;
            if (uses.Only(norm.Output[0], "QuantizeLinear") is not { } quantize || graph.Output.Any(o => o.Name == norm.Output[0])) continue;
            if (!IsPerTensorUint8(dequantize, initializers) || !IsPerTensorUint8(quantize, initializers)) continue;
            Replace(graph, new Fusion(QuantizedNormOp,
                [dequantize.Input[0], dequantize.Input[1], dequantize.Input[2], norm.Input[1], norm.Input[2], norm.Input[3], quantize.Input[1], quantize.Input[2]],
                [.. norm.Attribute], quantize.Output[0], [dequantize, norm, quantize]), norm.Name + "_quantized");
        }
    }

    /// <summary>A DequantizeLinear or QuantizeLinear of one float scale and one uint8 zero point, both constants.</summary>
    private static bool IsPerTensorUint8(NodeProto node, Dictionary<string, TensorProto> initializers) =>
        node.Input.Count == 3
        && initializers.TryGetValue(node.Input[1], out var scale) && scale.Dims.Count == 0 && scale.DataType == (int)TensorProto.Types.DataType.Float
        && initializers.TryGetValue(node.Input[2], out var zero) && zero.Dims.Count == 0 && zero.DataType == (int)TensorProto.Types.DataType.Uint8;

    /// <summary>A pattern found: the operator and its inputs and attributes, the tensor it makes, and the nodes it replaces.</summary>
    private sealed record Fusion(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<AttributeProto> Attributes, string Output,
        IReadOnlyList<NodeProto> Nodes);

    /// <summary>
    /// Puts the fused node where the pattern's last node was: every node the pattern reads comes before
    /// that one, and every node that reads its result after it, so the graph stays in topological order.
    /// </summary>
    private static void Replace(GraphProto graph, Fusion match, string name)
    {
        var last = match.Nodes.Max(graph.Node.IndexOf);
        var position = last - match.Nodes.Count(n => graph.Node.IndexOf(n) < last);
        foreach (var node in match.Nodes) graph.Node.Remove(node);
        graph.Node.Insert(position, new NodeProto
        {
            OpType = match.OpType, Domain = Domain, Name = name, Input = { match.Inputs }, Output = { match.Output }, Attribute = { match.Attributes },
        });
    }

    private static Fusion? MatchNorm(NodeProto mean, GraphUses uses, HashSet<string> constants)
    {
        var x = mean.Input[0];
        var fromX = uses.Of(x);
        var centre = fromX.SingleOrDefault(n => n.OpType == "Sub" && n.Input.Count == 2 && n.Input[0] == x && n.Input[1] == mean.Output[0]);
        if (centre is null || Variance(centre, uses, [1, 2, 3]) is not { } variance) return null;
        if (uses.Only(variance.Output[0], "Add") is not { } plusEpsilon || Other(plusEpsilon, variance.Output[0]) is not { } epsilon || !constants.Contains(epsilon)) return null;
        if (uses.Only(plusEpsilon.Output[0], "Sqrt") is not { } root || uses.Only(root.Output[0], "Reciprocal") is not { } inverse) return null;
        if (uses.Only(inverse.Output[0], "Mul") is not { } timesScale || Other(timesScale, inverse.Output[0]) is not { } scale || !constants.Contains(scale)) return null;
        var s = timesScale.Output[0];
        var usesOfS = uses.Of(s);
        var scaled = usesOfS.SingleOrDefault(n => n.OpType == "Mul" && Other(n, s) == x);
        var meanScaled = usesOfS.SingleOrDefault(n => n.OpType == "Mul" && Other(n, s) == mean.Output[0]);
        if (scaled is null || meanScaled is null || usesOfS.Count != 2) return null;
        if (fromX.Count != 3 || !fromX.Contains(scaled) || uses.Of(mean.Output[0]).Count != 2) return null; // X and m are read inside only
        if (uses.Only(meanScaled.Output[0], "Sub") is not { } shift || shift.Input[1] != meanScaled.Output[0] || !constants.Contains(shift.Input[0])) return null;
        if (uses.Only(scaled.Output[0], "Add") is not { } sum || Other(sum, scaled.Output[0]) != shift.Output[0] || uses.Of(shift.Output[0]).Count != 1) return null;

        var (output, alpha, relu) = WithLeakyRelu(sum, uses);
        List<NodeProto> nodes = [mean, centre, uses.Only(centre.Output[0], "Mul")!, variance, plusEpsilon, root, inverse, timesScale, scaled, meanScaled, shift, sum, .. relu];
        return new Fusion(NormOp, [x, epsilon, scale, shift.Input[0]], [Float("alpha", alpha)], output, nodes);
    }

    private static Fusion? MatchAdaptiveNorm(NodeProto instanceNorm, GraphUses uses, HashSet<string> constants)
    {
        if (instanceNorm.Input.Count != 3 || !constants.Contains(instanceNorm.Input[1]) || !constants.Contains(instanceNorm.Input[2])) return null;
        var normalized = instanceNorm.Output[0];
        if (uses.Only(normalized, "Mul") is not { } timesDeviation || Other(timesDeviation, normalized) is not { } deviation) return null;
        if (uses.Producer(deviation) is not { OpType: "Sqrt" } root || uses.Of(deviation).Count != 1) return null;
        if (uses.Producer(root.Input[0]) is not { OpType: "Add" } plusEpsilon || uses.Of(plusEpsilon.Output[0]).Count != 1) return null;
        var variance = plusEpsilon.Input.Select(uses.Producer).SingleOrDefault(n => n is not null && IsMean(n, [2, 3]));
        if (variance is null || Other(plusEpsilon, variance.Output[0]) is not { } epsilon || !constants.Contains(epsilon)) return null;
        if (uses.Producer(variance.Input[0]) is not { OpType: "Mul" } square || square.Input.Distinct().Count() != 1) return null;
        if (uses.Producer(square.Input[0]) is not { OpType: "Sub" } centre || Variance(centre, uses, [2, 3]) != variance) return null;
        if (uses.Producer(centre.Input[1]) is not { } mean || !IsMean(mean, [2, 3]) || mean.Input[0] != centre.Input[0]) return null;
        var y = mean.Input[0];
        if (uses.Of(y).Count != 2 || uses.Of(mean.Output[0]).Count != 2) return null; // Y and its mean are read inside only
        if (uses.Only(timesDeviation.Output[0], "Add") is not { } plusMean || Other(plusMean, timesDeviation.Output[0]) != mean.Output[0]) return null;

        var (output, alpha, relu) = WithLeakyRelu(plusMean, uses);
        var xEpsilon = instanceNorm.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
        List<NodeProto> nodes = [mean, centre, square, variance, plusEpsilon, root, instanceNorm, timesDeviation, plusMean, .. relu];
        return new Fusion(AdaptiveNormOp, [instanceNorm.Input[0], y, epsilon, instanceNorm.Input[1], instanceNorm.Input[2]],
            [Float("alpha", alpha), Float("x_epsilon", xEpsilon)], output, nodes);
    }

    /// <summary>The mean of the centred tensor's square: Sub → Mul(d, d) → ReduceMean over <paramref name="axes"/>, each read only by the next.</summary>
    private static NodeProto? Variance(NodeProto centre, GraphUses uses, long[] axes) =>
        uses.Only(centre.Output[0], "Mul") is { } square && square.Input.All(i => i == centre.Output[0])
        && uses.Only(square.Output[0], "ReduceMean") is { } variance && IsMean(variance, axes)
            ? variance
            : null;

    /// <summary>The LeakyReLU that alone reads <paramref name="last"/>, taken into the fusion; else the pattern ends at it (alpha 1).</summary>
    private static (string Output, float Alpha, NodeProto[] Relu) WithLeakyRelu(NodeProto last, GraphUses uses) =>
        uses.Only(last.Output[0], "LeakyRelu") is { } relu
            ? (relu.Output[0], relu.Attribute.FirstOrDefault(a => a.Name == "alpha")?.F ?? 0.01f, [relu])
            : (last.Output[0], 1f, []);

    /// <summary>The other operand of a two-input node, given one; null when it has no such operand.</summary>
    private static string? Other(NodeProto node, string known) =>
        node.Input.Count != 2 ? null : node.Input[0] == known ? node.Input[1] : node.Input[1] == known ? node.Input[0] : null;

    /// <summary>A ReduceMean over exactly <paramref name="axes"/>, keeping them.</summary>
    private static bool IsMean(NodeProto node, long[] axes) =>
        node.OpType == "ReduceMean" && node.Input.Count == 1
        && node.Attribute.FirstOrDefault(a => a.Name == "keepdims") is null or { I: 1 }
        && node.Attribute.FirstOrDefault(a => a.Name == "axes") is { } given && given.Ints.SequenceEqual(axes);

    private static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };
}
