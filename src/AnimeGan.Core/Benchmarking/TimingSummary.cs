namespace AnimeGan.Benchmarking;

/// <summary>Milliseconds of repeated runs: the median, and the fastest and slowest run as the spread.</summary>
public sealed record TimingSummary(double Median, double Min, double Max, int Runs)
{
    public static TimingSummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no runs to summarise", nameof(milliseconds));
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new TimingSummary(Math.Round(median, 1), Math.Round(sorted[0], 1), Math.Round(sorted[^1], 1), sorted.Length);
    }

    public override string ToString() => $"{Median:F0} ({Min:F0}–{Max:F0})";
}
