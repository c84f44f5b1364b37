using System.Collections.Concurrent;
using AnimeGan.Server.Api;

namespace AnimeGan.Server.Jobs;

/// <summary>The jobs the server knows, by their random ids. A job leaves on DELETE or when it expires, taking its files with it.</summary>
public sealed class JobRegistry(ResultStore store, ServerOptions options)
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    public int Count => _jobs.Count;

    /// <summary>A new job for the request, with a private folder for its uploads and results.</summary>
    public Job Create(ConversionRequest request)
    {
        var id = ResultStore.NewId();
        var job = new Job(id, store.CreateJobDirectory(id), request.Settings, request.NameTag, request.Items.Select(item => item.Name).ToList(),
            DateTimeOffset.UtcNow, options.ResultTtl,
            videos: request.Items.Select((item, index) => (item, index)).Where(x => x.item is StagedClip).Select(x => x.index).ToHashSet());
        _jobs[id] = job;
        return job;
    }

    /// <summary>How many jobs are in each state now.</summary>
    public IReadOnlyDictionary<JobState, int> CountByState() =>
        _jobs.Values.GroupBy(job => job.Snapshot().State).ToDictionary(group => group.Key, group => group.Count());

    public Job Get(string id) => _jobs.TryGetValue(id, out var job) ? job : throw new UnknownJobException();

    /// <summary>
    /// Cancels the job and deletes its files, then forgets it, so a job that is no longer found has no
    /// files left; false when there is no such job (or another call deleted it meanwhile).
    /// </summary>
    public bool Delete(string id)
    {
        if (!_jobs.TryGetValue(id, out var job)) return false;
        job.Cancel();
        ResultStore.DeleteDirectory(job.Directory);
        return _jobs.TryRemove(KeyValuePair.Create(id, job));
    }

    /// <summary>Deletes jobs that finished longer than the TTL ago; returns how many.</summary>
    public int DeleteExpired(DateTimeOffset now) =>
        _jobs.Values.Where(job => job.IsExpired(now)).Count(job => Delete(job.Id));
}
