namespace AnimeGan.Inference;

/// <summary>One tile along one axis: where it starts, how long it is, and how far its edges fade.</summary>
internal readonly record struct TileSpan(int Start, int Length, bool FadeIn, bool FadeOut);

/// <summary>
/// Cuts an axis into overlapping tiles whose starts and lengths are multiples of 8 (the generator
/// halves the image three times). Neighbours cross-fade over their overlap, which hides the tone
/// steps that the generator's per-image normalisation would otherwise leave at tile borders.
/// </summary>
internal static class TilePlan
{
    public const int Overlap = 64;

    public static TileSpan[] Cover(int length, int tile)
    {
        if (length <= tile) return [new TileSpan(0, length, false, false)];
        var count = (int)Math.Ceiling((double)(length - Overlap) / (tile - Overlap));
        var spans = new TileSpan[count];
        for (var i = 0; i < count; i++)
        {
            var start = (int)Math.Round((double)i * (length - tile) / (count - 1) / 8) * 8;
            spans[i] = new TileSpan(start, tile, i > 0, i < count - 1);
        }
        return spans;
    }

    /// <summary>Blend weight at offset <paramref name="x"/> inside <paramref name="span"/>: a linear ramp over the overlap, never zero.</summary>
    public static float Weight(TileSpan span, int x)
    {
        var weight = 1f;
        if (span.FadeIn) weight = Math.Min(weight, (x + 1f) / (Overlap + 1f));
        if (span.FadeOut) weight = Math.Min(weight, (span.Length - x) / (Overlap + 1f));
        return weight;
    }
}
