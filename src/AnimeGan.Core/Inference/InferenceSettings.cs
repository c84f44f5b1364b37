namespace AnimeGan.Inference;

/// <summary>How ONNX Runtime sessions are built.</summary>
public sealed record InferenceSettings
{
    /// <summary>Intra-op threads; 0 lets the runtime use one per core.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Longest tile side the generator sees at once. Larger working images are cut into overlapping
    /// tiles, which bounds memory (activations grow with the square of the side).
    /// </summary>
    public int TileSize { get; init; } = 1024;

    public static InferenceSettings Default { get; } = new();

    public void Validate()
    {
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "threads must be 0 (auto) or more");
        if (TileSize < 64 || TileSize % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "the tile size must be a multiple of 8, at least 64");
    }
}
