using System.Threading.Channels;
using AnimeGan.Server.Api;

namespace AnimeGan.Server.Jobs;

/// <summary>
/// Photos waiting for a worker. Bounded: it admits a request's photos all together or not at all,
/// counting each from admission until it is finished, and refuses with <see cref="ServerBusyException"/>
/// (503 and an estimate of when to retry) when they would not fit.
/// </summary>
public sealed class WorkQueue(ServerOptions options)
{
    private readonly Channel<WorkItem> _items = Channel.CreateUnbounded<WorkItem>();
    private readonly Lock _gate = new();
    private int _admitted;
    private int _running;
    private double _secondsPerPhoto = 2; // a first guess, replaced by measurements as photos finish

    /// <summary>Photos admitted at most: those being converted plus those waiting.</summary>
    public int Capacity { get; } = options.QueueCapacity + options.Workers;

    internal ChannelReader<WorkItem> Reader => _items.Reader;

    public void Enqueue(IReadOnlyList<WorkItem> items)
    {
        lock (_gate)
        {
            if (_admitted + items.Count > Capacity) throw new ServerBusyException(RetryAfter(items.Count));
            _admitted += items.Count;
        }
        foreach (var item in items) _items.Writer.TryWrite(item);
    }

    public QueueStatus Status()
    {
        lock (_gate) return new QueueStatus(_admitted - _running, _running, Capacity - options.Workers, options.Workers);
    }

    internal void Started()
    {
        lock (_gate) _running++;
    }

    internal void Finished(TimeSpan took, bool converted)
    {
        lock (_gate)
        {
            _running--;
            _admitted--;
            if (converted) _secondsPerPhoto = 0.7 * _secondsPerPhoto + 0.3 * took.TotalSeconds;
        }
    }

    /// <summary>How long until enough photos are finished for <paramref name="needed"/> more to fit, at the recent pace.</summary>
    private TimeSpan RetryAfter(int needed)
    {
        var mustFinish = _admitted + needed - Capacity;
        var rounds = Math.Ceiling(mustFinish / (double)options.Workers);
        return TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(rounds * _secondsPerPhoto), 1, 300));
    }
}

public sealed record QueueStatus(int Waiting, int Running, int Capacity, int Workers);
