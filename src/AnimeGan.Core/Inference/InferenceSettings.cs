using Microsoft.ML.OnnxRuntime;

namespace AnimeGan.Inference;

/// <summary>How ONNX Runtime sessions are built.</summary>
public sealed record InferenceSettings
{
    /// <summary>Intra-op threads; 0 for one per core (as .NET counts them: affinity and container limits included).</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Longest tile side the generator sees at once. Larger working images are cut into overlapping
    /// tiles, which bounds memory (activations grow with the square of the side).
    /// </summary>
    public int TileSize { get; init; } = 1024;

    public InferenceDevice Device { get; init; } = InferenceDevice.Cpu;

    /// <summary>
    /// Model runs one generator lets through at once; 0 for no limit (a server's workers each run
    /// their own). Each concurrent run holds its own activations (over 1 GB for FP32 at 1024 px), and
    /// on a machine whose cores one run already fills, a second one only adds memory.
    /// </summary>
    public int ConcurrentRuns { get; init; }

    // Session tuning: `animegan bench --tuning` times each alternative against these defaults.

    public GraphOptimizationLevel Optimization { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>ONNX Runtime's CPU memory arena: allocations are pooled across runs instead of returned to the system.</summary>
    public bool MemoryArena { get; init; } = true;

    /// <summary>
    /// ONNX Runtime plans one block for all of a run's intermediate tensors, per input shape. Off by
    /// default: from the second run of a size on, that block raised the peak memory (INT8 at 512²:
    /// 561 MB against 348 MB) and bought no speed.
    /// </summary>
    public bool MemoryPattern { get; init; }

    /// <summary>
    /// The generators' norms and decoder upsampling run as the project's own operators (<see cref="NormFusion"/>,
    /// <see cref="UpsampleFusion"/>) on the CPU where its library was built; off (and on a GPU) they run as
    /// the model's file spells them.
    /// </summary>
    public bool FusedOperators { get; init; } = true;

    /// <summary>
    /// A generator whose graph ends in a full-resolution chain of convolutions between whole-tensor norms
    /// (AnimeGANv2) runs that tail a band of rows at a time (<see cref="BandedTail"/>): the same result
    /// without its largest tensors ever existing whole. Off, the model runs in one session run.
    /// </summary>
    public bool BandedTail { get; init; } = true;

    /// <summary>Idle intra-op threads spin before they sleep: faster hand-offs, at the price of CPU time other work could use.</summary>
    public bool Spinning { get; init; } = true;

    public static InferenceSettings Default { get; } = new();

    public void Validate()
    {
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "threads must be 0 (auto) or more");
        if (ConcurrentRuns < 0) throw new ArgumentOutOfRangeException(nameof(ConcurrentRuns), ConcurrentRuns, "concurrent runs must be 0 (no limit) or more");
        if (TileSize < 64 || TileSize % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "the tile size must be a multiple of 8, at least 64");
    }
}
