using System.Diagnostics;

namespace AnimeGan.Pipeline;

/// <summary>Wall-clock milliseconds per pipeline stage, in the order the stages ran.</summary>
public sealed class StageTimings
{
    private readonly List<KeyValuePair<string, double>> _stages = [];

    public IReadOnlyList<KeyValuePair<string, double>> Stages => _stages;

    public double TotalMilliseconds => _stages.Sum(s => s.Value);

    public T Measure<T>(string stage, Func<T> work)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            Add(stage, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public void Measure(string stage, Action work) => Measure(stage, () =>
    {
        work();
        return true;
    });

    public async Task<T> MeasureAsync<T>(string stage, Func<Task<T>> work)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await work();
        }
        finally
        {
            Add(stage, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public async Task MeasureAsync(string stage, Func<Task> work) => await MeasureAsync(stage, async () =>
    {
        await work();
        return true;
    });

    public void Add(string stage, double milliseconds)
    {
        var index = _stages.FindIndex(s => s.Key == stage);
        if (index < 0) _stages.Add(new(stage, milliseconds));
        else _stages[index] = new(stage, _stages[index].Value + milliseconds);
    }

    public IReadOnlyDictionary<string, double> ToDictionary() =>
        _stages.ToDictionary(s => s.Key, s => Math.Round(s.Value, 1));
}
