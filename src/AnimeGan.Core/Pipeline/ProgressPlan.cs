namespace AnimeGan.Pipeline;

/// <summary>Where a conversion is: the stage running and the fraction of the whole done (0–1).</summary>
public readonly record struct ConversionProgress(string Stage, double Fraction);

/// <summary>
/// Turns each stage's own progress (0–1) into the progress of the whole conversion: every stage
/// weighs what it estimates it costs, so a stage that takes three quarters of the time fills three
/// quarters of the bar. Reports on the calling thread, in order.
/// </summary>
public sealed class ProgressPlan
{
    private readonly IProgress<ConversionProgress>? _sink;
    private readonly List<(StageInfo Stage, double Weight)> _steps;
    private readonly double _total;
    private double _done;

    public ProgressPlan(IProgress<ConversionProgress>? sink, IEnumerable<(StageInfo Stage, double EstimateMs)> steps)
    {
        _sink = sink;
        // Every step weighs something, so the bar moves even through stages estimated at nothing.
        _steps = steps.Select(s => (s.Stage, Math.Max(1, s.EstimateMs))).ToList();
        _total = _steps.Sum(s => s.Weight);
    }

    /// <summary>The whole conversion's estimated time, in milliseconds.</summary>
    public double EstimateMs => _total;

    /// <summary>Starts <paramref name="stage"/>; the returned progress is that stage's own, 0 to 1.</summary>
    public IProgress<double>? Enter(StageInfo stage)
    {
        var weight = _steps.FirstOrDefault(s => s.Stage == stage).Weight;
        var start = _done;
        _done += weight;
        if (_sink is null) return null;
        Report(stage, start);
        return new InlineProgress<double>(fraction => Report(stage, start + weight * Math.Clamp(fraction, 0, 1)));
    }

    public void Finish() => _sink?.Report(new("done", 1));

    private void Report(StageInfo stage, double done) => _sink!.Report(new(stage.Name, _total > 0 ? Math.Min(1, done / _total) : 0));
}
