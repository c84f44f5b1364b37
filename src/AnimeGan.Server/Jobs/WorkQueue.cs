using System.Threading.Channels;
using AnimeGan.Server.Api;

namespace AnimeGan.Server.Jobs;

/// <summary>
/// Photos waiting for a worker. Bounded: it admits a request's photos all together or not at all,
/// counting each from admission until it is finished, and refuses with <see cref="ServerBusyException"/>
/// (503 and an estimate of when to retry) when they would not fit. When the server stops it admits
/// nothing more, and the photos still waiting are answered as refused (<see cref="Stop"/>).
/// </summary>
public sealed class WorkQueue(ServerOptions options)
{
    private readonly Channel<WorkItem> _items = Channel.CreateUnbounded<WorkItem>();
    private readonly Lock _gate = new();
    private int _admitted;
    private int _running;
    private double _secondsPerPhoto = 2; // a first guess, replaced by measurements as photos finish
    private bool _stopped;

    /// <summary>Photos admitted at most: those being converted plus those waiting.</summary>
    public int Capacity { get; } = options.QueueCapacity + options.Workers;

    internal ChannelReader<WorkItem> Reader => _items.Reader;

    public void Enqueue(IReadOnlyList<WorkItem> items)
    {
        lock (_gate)
        {
            if (_stopped) throw new ServerStoppingException();
            if (_admitted + items.Count > Capacity) throw new ServerBusyException(RetryAfter(items.Count));
            _admitted += items.Count;
            foreach (var item in items) _items.Writer.TryWrite(item);
        }
    }

    /// <summary>
    /// Admits nothing more and answers every photo still waiting as refused (503: the server is
    /// stopping); the workers finish the photos they hold and then find the queue ended.
    /// </summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            _items.Writer.Complete();
        }
        while (_items.Reader.TryRead(out var waiting))
        {
            waiting.Refuse(new ServerStoppingException().Problem);
            lock (_gate) _admitted--;
        }
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
    private TimeSpan RetryAfter(int needed) => RetryAfter(_admitted + needed - Capacity, options.Workers, _secondsPerPhoto);

    /// <summary>How long until <paramref name="mustFinish"/> photos are done by <paramref name="workers"/> at <paramref name="secondsPerPhoto"/>: 1 s to 5 min.</summary>
    internal static TimeSpan RetryAfter(long mustFinish, int workers, double secondsPerPhoto)
    {
        var rounds = Math.Ceiling(mustFinish / (double)workers);
        return TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(rounds * secondsPerPhoto), 1, 300));
    }
}

public sealed record QueueStatus(int Waiting, int Running, int Capacity, int Workers);
