using Onnx;

namespace AnimeGan.Inference;

/// <summary>
/// Rewrites a whole-tensor normalization, as an exported GroupNorm with one group spells it (AnimeGANv2's
/// 24 norms, in float graphs and between the quantized convolutions of INT8 ones), into one node of the
/// project's fused-norm operator (native/norm_ops: two passes over the tensor instead of eight, and no
/// full-size temporaries), taking the LeakyReLU after it in too. The pattern, from one input X:
/// <code>
/// m = ReduceMean(X, axes 1..), v = ReduceMean((X - m)²), s = Reciprocal(Sqrt(v + ε)) · γ
/// Y = X · s + (β − m · s)                                          [then LeakyRelu(Y, α)]
/// </code>
/// Matched node by node, each intermediate used only inside the pattern and ε, γ, β constants of the
/// graph; anything else is left as it is, so a model without such norms is unchanged.
/// </summary>
public static class NormFusion
{
    public const string Domain = "ai.animegan.norm";
    public const string OpType = "NormLeakyRelu";

    /// <summary>Rewrites every match in <paramref name="model"/>'s graph; returns how many.</summary>
    public static int Rewrite(ModelProto model)
    {
        var graph = model.Graph;
        var constants = graph.Initializer.Select(t => t.Name).ToHashSet();
        var fused = 0;
        foreach (var mean in graph.Node.Where(IsWholeMean).ToList())
        {
            var consumers = Consumers(graph);
            if (Match(mean, consumers, constants) is not { } match) continue;
            var index = graph.Node.IndexOf(mean);
            foreach (var node in match.Nodes) graph.Node.Remove(node);
            graph.Node.Insert(Math.Min(index, graph.Node.Count), new NodeProto
            {
                OpType = OpType, Domain = Domain, Name = $"fused_norm_{fused}",
                Input = { match.Input, match.Epsilon, match.Scale, match.Bias }, Output = { match.Output },
                Attribute = { new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = match.Alpha } },
            });
            fused++;
        }
        if (fused > 0 && model.OpsetImport.All(o => o.Domain != Domain)) model.OpsetImport.Add(new OperatorSetIdProto { Domain = Domain, Version = 1 });
        return fused;
    }

    private sealed record Fusion(string Input, string Epsilon, string Scale, string Bias, string Output, float Alpha, IReadOnlyList<NodeProto> Nodes);

    private static Fusion? Match(NodeProto mean, ILookup<string, NodeProto> consumers, HashSet<string> constants)
    {
        var x = mean.Input[0];
        NodeProto? Only(string tensor, string opType) =>
            consumers[tensor].ToList() is [var single] && single.OpType == opType ? single : null;
        // The other operand of a two-input node, given one.
        string? Other(NodeProto node, string known) =>
            node.Input.Count == 2 ? node.Input[0] == known ? node.Input[1] : node.Input[1] == known ? node.Input[0] : null : null;

        var fromX = consumers[x].ToList();
        var centre = fromX.SingleOrDefault(n => n.OpType == "Sub" && n.Input.Count == 2 && n.Input[0] == x && n.Input[1] == mean.Output[0]);
        if (centre is null || Only(centre.Output[0], "Mul") is not { } square || square.Input.Any(i => i != centre.Output[0])) return null;
        if (Only(square.Output[0], "ReduceMean") is not { } variance || !IsWholeMean(variance)) return null;
        if (Only(variance.Output[0], "Add") is not { } plusEpsilon || Other(plusEpsilon, variance.Output[0]) is not { } epsilon || !constants.Contains(epsilon)) return null;
        if (Only(plusEpsilon.Output[0], "Sqrt") is not { } root || Only(root.Output[0], "Reciprocal") is not { } inverse) return null;
        if (Only(inverse.Output[0], "Mul") is not { } timesScale || Other(timesScale, inverse.Output[0]) is not { } scale || !constants.Contains(scale)) return null;
        var s = timesScale.Output[0];
        var usesOfS = consumers[s].ToList();
        var scaled = usesOfS.SingleOrDefault(n => n.OpType == "Mul" && Other(n, s) == x);
        var meanScaled = usesOfS.SingleOrDefault(n => n.OpType == "Mul" && Other(n, s) == mean.Output[0]);
        if (scaled is null || meanScaled is null || usesOfS.Count != 2) return null;
        if (fromX.Count != 3 || !fromX.Contains(scaled)) return null; // X feeds the mean, the centring and the scaling only
        if (consumers[mean.Output[0]].Count() != 2) return null;
        if (Only(meanScaled.Output[0], "Sub") is not { } shift || shift.Input[1] != meanScaled.Output[0] || !constants.Contains(shift.Input[0])) return null;
        var bias = shift.Input[0];
        if (Only(scaled.Output[0], "Add") is not { } sum || Other(sum, scaled.Output[0]) != shift.Output[0] || consumers[shift.Output[0]].Count() != 1) return null;

        List<NodeProto> nodes = [mean, centre, square, variance, plusEpsilon, root, inverse, timesScale, scaled, meanScaled, shift, sum];
        var output = sum.Output[0];
        var alpha = 1f;
        if (Only(output, "LeakyRelu") is { } relu)
        {
            alpha = relu.Attribute.FirstOrDefault(a => a.Name == "alpha")?.F ?? 0.01f;
            nodes.Add(relu);
            output = relu.Output[0];
        }
        return new Fusion(x, epsilon, scale, bias, output, alpha, nodes);
    }

    /// <summary>A ReduceMean over every axis but the first, keeping them: one mean per sample.</summary>
    private static bool IsWholeMean(NodeProto node) =>
        node.OpType == "ReduceMean" && node.Input.Count == 1
        && node.Attribute.FirstOrDefault(a => a.Name == "keepdims") is null or { I: 1 }
        && node.Attribute.FirstOrDefault(a => a.Name == "axes") is { } axes && axes.Ints.SequenceEqual([1L, 2L, 3L]);

    private static ILookup<string, NodeProto> Consumers(GraphProto graph) =>
        graph.Node.SelectMany(node => node.Input.Distinct().Select(input => (input, node))).ToLookup(p => p.input, p => p.node);
}
