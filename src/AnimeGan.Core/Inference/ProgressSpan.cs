namespace AnimeGan.Inference;

/// <summary>A part's progress (0–1) as the span [<paramref name="from"/>, <paramref name="to"/>] of the whole's, passed on synchronously.</summary>
public sealed class ProgressSpan(IProgress<double> whole, double from, double to) : IProgress<double>
{
    public void Report(double value) => whole.Report(from + (to - from) * Math.Clamp(value, 0, 1));

    /// <summary>The span of <paramref name="whole"/>, or null when nobody listens.</summary>
    public static IProgress<double>? Of(IProgress<double>? whole, double from, double to) => whole is null ? null : new ProgressSpan(whole, from, to);
}
