namespace AnimeGan.Looks;

/// <summary>Splits per-row pixel work over the cores; small images run inline where threads would cost more than they save.</summary>
internal static class RowBands
{
    private const long InlinePixels = 1 << 16;

    public static void For(int height, int width, Action<int, int> rows)
    {
        var bands = (long)height * width < InlinePixels ? 1 : Math.Min(height, Environment.ProcessorCount * 4);
        if (bands == 1)
        {
            rows(0, height);
            return;
        }
        Parallel.For(0, bands, band => rows(band * height / bands, (band + 1) * height / bands));
    }
}
