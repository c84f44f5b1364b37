using System.Collections.Concurrent;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;

namespace AnimeGan.Server.Jobs;

/// <summary>The jobs the server knows, by their random ids. A job leaves on DELETE or when it expires, taking its files with it.</summary>
public sealed class JobRegistry(ResultStore store, ServerOptions options)
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    public int Count => _jobs.Count;

    public Job Create(string style, ConversionSettings settings, IReadOnlyList<string> names)
    {
        var id = ResultStore.NewId();
        var job = new Job(id, store.CreateJobDirectory(id), style, settings, names, DateTimeOffset.UtcNow, options.ResultTtl);
        _jobs[id] = job;
        return job;
    }

    public Job Get(string id) => _jobs.TryGetValue(id, out var job) ? job : throw new UnknownJobException();

    /// <summary>Cancels the job and deletes its files; false when there is no such job.</summary>
    public bool Delete(string id)
    {
        if (!_jobs.TryRemove(id, out var job)) return false;
        job.Cancel();
        ResultStore.DeleteDirectory(job.Directory);
        return true;
    }

    /// <summary>Deletes jobs that finished longer than the TTL ago; returns how many.</summary>
    public int DeleteExpired(DateTimeOffset now) =>
        _jobs.Values.Where(job => job.IsExpired(now)).Count(job => Delete(job.Id));
}
