namespace AnimeGan.Inference;

/// <summary>One tile along one axis: where it starts, how long it is, and how far its edges fade.</summary>
internal readonly record struct TileSpan(int Start, int Length, bool FadeIn, bool FadeOut);

/// <summary>
/// Cuts an axis into overlapping tiles whose starts and lengths are multiples of the model's size
/// multiple. Neighbours cross-fade over their overlap, which hides the tone steps that a generator's
/// per-image normalisation would otherwise leave at tile borders.
/// </summary>
internal static class TilePlan
{
    public const int DefaultOverlap = 64;

    /// <param name="length">The axis, a multiple of <paramref name="grid"/>.</param>
    /// <param name="tile">Longest tile, a multiple of <paramref name="grid"/> and longer than twice the overlap.</param>
    /// <param name="grid">The model's size multiple: tiles start and end on it.</param>
    /// <param name="overlap">Pixels neighbours share.</param>
    public static TileSpan[] Cover(int length, int tile, int grid = 8, int overlap = DefaultOverlap)
    {
        if (length <= tile) return [new TileSpan(0, length, false, false)];
        var count = (int)Math.Ceiling((double)(length - overlap) / (tile - overlap));
        // Tiles no longer than that many need to be to overlap by the overlap (and a grid step for the
        // rounding of their starts): a model's time grows with the pixels it is given.
        var needed = (length + (count - 1) * overlap + count - 1) / count + grid;
        var side = Math.Min(tile, (needed + grid - 1) / grid * grid);
        var spans = new TileSpan[count];
        for (var i = 0; i < count; i++)
        {
            var start = (int)Math.Round((double)i * (length - side) / (count - 1) / grid) * grid;
            spans[i] = new TileSpan(start, side, i > 0, i < count - 1);
        }
        return spans;
    }

    /// <summary>
    /// Blend weight at offset <paramref name="x"/> inside <paramref name="span"/>: a linear ramp over the
    /// overlap, never zero. For a model that enlarges by <paramref name="scale"/>, the span and the
    /// offset are the output's, and the ramp is as many times longer.
    /// </summary>
    public static float Weight(TileSpan span, int x, int scale = 1, int overlap = DefaultOverlap)
    {
        var ramp = overlap * scale + 1f;
        var length = span.Length * scale;
        var weight = 1f;
        if (span.FadeIn) weight = Math.Min(weight, (x + 1f) / ramp);
        if (span.FadeOut) weight = Math.Min(weight, (length - x) / ramp);
        return weight;
    }
}
