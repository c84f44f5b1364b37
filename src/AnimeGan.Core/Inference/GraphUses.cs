using Onnx;

namespace AnimeGan.Inference;

/// <summary>Who reads and who makes each tensor of a graph as it stands (graph rewrites walk it both ways).</summary>
internal sealed class GraphUses(GraphProto graph)
{
    private readonly ILookup<string, NodeProto> _readers =
        graph.Node.SelectMany(node => node.Input.Distinct().Select(input => (input, node))).ToLookup(p => p.input, p => p.node);

    private readonly Dictionary<string, NodeProto> _makers =
        graph.Node.SelectMany(node => node.Output.Where(output => output.Length > 0).Select(output => (output, node)))
            .ToDictionary(p => p.output, p => p.node);

    public IReadOnlyList<NodeProto> Of(string tensor) => _readers[tensor].ToList();

    /// <summary>The single node that reads <paramref name="tensor"/>, when it is of <paramref name="opType"/>.</summary>
    public NodeProto? Only(string tensor, string opType) => Of(tensor) is [var single] && single.OpType == opType ? single : null;

    public NodeProto? Producer(string tensor) => _makers.GetValueOrDefault(tensor);
}
