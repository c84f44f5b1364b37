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
    private readonly List<WorkItem> _waiting = []; // in the order they will start, to tell each its place
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
            _waiting.AddRange(items);
        }
        TellPlaces();
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
            lock (_gate)
            {
                _admitted--;
                _waiting.Remove(waiting);
            }
        }
    }

    public QueueStatus Status()
    {
        lock (_gate) return new QueueStatus(_admitted - _running, _running, Capacity - options.Workers, options.Workers);
    }

    /// <summary>A worker took <paramref name="item"/>: everything behind it moves up one place.</summary>
    internal void Started(WorkItem item)
    {
        lock (_gate)
        {
            _running++;
            _waiting.Remove(item);
        }
        TellPlaces();
    }

    /// <summary>
    /// Tells each waiting item its place (1: next to start) and how long until it starts: the rounds of
    /// work ahead of it at the recent pace per photo, the photos running now counted as one round.
    /// </summary>
    private void TellPlaces()
    {
        List<(WorkItem Item, QueuePlace Place)> places;
        lock (_gate)
            places = _waiting.Select((item, index) => (item, new QueuePlace(index + 1,
                TimeSpan.FromSeconds(Math.Ceiling((index + _running) / (double)options.Workers) * _secondsPerPhoto)))).ToList();
        foreach (var (item, place) in places) item.Waiting(place);
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

/// <summary>Where a waiting photo or clip stands: its place in line (1: next) and about how long until a worker takes it.</summary>
public readonly record struct QueuePlace(int Position, TimeSpan Wait);
