using System.Text.Json.Serialization;
using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;

namespace AnimeGan.Server.Jobs;

public enum JobState
{
    Queued,
    Running,
    /// <summary>Finished, at least one image converted (others may have failed).</summary>
    Done,
    /// <summary>Finished, no image converted.</summary>
    Failed,
    Cancelled,
}

public enum ImageState
{
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}

/// <summary>What GET /api/jobs/{id} answers: the job and each of its images.</summary>
public sealed record JobStatus(
    string Id,
    JobState State,
    double Progress,
    string Style,
    DateTimeOffset Created,
    DateTimeOffset? Finished,
    DateTimeOffset? Expires,
    IReadOnlyList<ImageStatus> Images)
{
    /// <summary>Counts the job's changes, so a watcher can wait for the next one.</summary>
    [JsonIgnore]
    public long Version { get; init; }

    [JsonIgnore]
    public bool IsFinished => State is JobState.Done or JobState.Failed or JobState.Cancelled;
}

public sealed record ImageStatus(
    int Index,
    string Name,
    ImageState State,
    double Progress,
    string Stage,
    ApiProblem? Error,
    string? Result,
    string? MediaType,
    int? Width,
    int? Height,
    IReadOnlyDictionary<string, double>? Timings,
    int? Faces);

/// <summary>
/// One submission of one or more photos: their states, progress and results. Workers update it; the
/// API reads snapshots of it. All changes happen under one lock, and each wakes whoever is watching
/// (the server-sent events stream).
/// </summary>
public sealed class Job
{
    private readonly Lock _gate = new();
    private readonly ImageSlot[] _images;
    private readonly TimeSpan _ttl;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _finished;
    private bool _cancelled;
    private long _version;

    public Job(string id, string directory, ConversionSettings settings, IReadOnlyList<string> names, DateTimeOffset created, TimeSpan ttl)
    {
        Id = id;
        Directory = directory;
        Settings = settings;
        Created = created;
        _ttl = ttl;
        _images = names.Select((name, index) => new ImageSlot(name, Path.Combine(directory, $"{index}.upload"))).ToArray();
    }

    public string Id { get; }
    public string Directory { get; }

    /// <summary>How its photos are converted; the look files it reads were read into it, and go with the job.</summary>
    public ConversionSettings Settings { get; }

    /// <summary>The style its photos are painted in (the request's, or the server's default it was given).</summary>
    public string Style => Settings.Style!;
    public DateTimeOffset Created { get; }
    public int Count => _images.Length;

    /// <summary>Cancelled when the job is deleted: queued images are skipped, a running one is stopped where it is.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public string Name(int index) => _images[index].Name;

    public string UploadPath(int index) => _images[index].UploadPath;

    public void Start(int index) => Change(index, image =>
    {
        if (_cancelled) return;
        image.State = ImageState.Running;
        image.Stage = "decode";
    });

    /// <summary>Progress only moves forward: reports that arrive late (after a later stage, or after the end) are dropped.</summary>
    public void Report(int index, ConversionProgress progress) => Change(index, image =>
    {
        if (image.State != ImageState.Running || progress.Fraction < image.Progress) return;
        image.Progress = progress.Fraction;
        image.Stage = progress.Stage;
    });

    /// <summary>
    /// Stores the result, unless the job was cancelled meanwhile (then nothing is written). Says
    /// whether it was stored and whether this image was the job's last to finish.
    /// </summary>
    public (bool Stored, bool FinishedJob) Complete(int index, ConversionResult result)
    {
        var path = Path.Combine(Directory, $"{index}{result.Format.Extension()}");
        var stored = false;
        var finishedJob = Change(index, image =>
        {
            if (_cancelled) return;
            ResultStore.WriteFile(path, result.Encoded);
            image.State = ImageState.Done;
            image.Progress = 1;
            image.Stage = "done";
            image.Result = (path, result.Format, result.OutputSize, result.Timings.ToDictionary(), result.Faces.Count);
            stored = true;
        });
        return (stored, finishedJob);
    }

    /// <summary>Records why the image failed; true when it was the job's last to finish.</summary>
    public bool Fail(int index, ApiProblem problem) => Change(index, image =>
    {
        if (_cancelled) return;
        image.State = ImageState.Failed;
        image.Stage = "failed";
        image.Error = problem;
    });

    /// <summary>Marks every unfinished image cancelled; from now on nothing is stored.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _cancelled = true;
            foreach (var image in _images.Where(i => i.State is ImageState.Queued or ImageState.Running))
            {
                image.State = ImageState.Cancelled;
                image.Stage = "cancelled";
            }
            _finished ??= DateTimeOffset.UtcNow;
            Signal();
        }
        Cancellation.Cancel();
    }

    /// <summary>The stored result of a converted image: its file and format.</summary>
    public (string Path, OutputFormat Format)? ResultFile(int index)
    {
        lock (_gate)
            return _images[index].Result is { } result ? (result.Path, result.Format) : null;
    }

    public bool IsExpired(DateTimeOffset now)
    {
        lock (_gate) return _finished + _ttl < now;
    }

    public JobStatus Snapshot()
    {
        lock (_gate)
        {
            var images = _images.Select((image, index) => new ImageStatus(
                index, image.Name, image.State, Math.Round(image.Progress, 3), image.Stage, image.Error,
                image.Result is null ? null : $"/api/jobs/{Id}/results/{index}",
                image.Result?.Format.MediaType(), image.Result?.Size.Width, image.Result?.Size.Height, image.Result?.Timings,
                image.Result?.Faces)).ToList();
            return new JobStatus(Id, State(), Math.Round(_images.Average(i => i.IsFinished ? 1 : i.Progress), 3), Style, Created,
                _finished, _finished + _ttl, images) { Version = _version };
        }
    }

    /// <summary>Completes when the job changes after <paramref name="seen"/> was taken (at once if it already has).</summary>
    public Task ChangedSince(JobStatus seen, CancellationToken cancellation)
    {
        Task changed;
        lock (_gate) changed = _version == seen.Version ? _changed.Task : Task.CompletedTask;
        return changed.WaitAsync(cancellation);
    }

    /// <summary>Applies a change to one image; true when it finished the job.</summary>
    private bool Change(int index, Action<ImageSlot> change)
    {
        lock (_gate)
        {
            change(_images[index]);
            var finishedNow = _finished is null && _images.All(i => i.IsFinished);
            if (finishedNow) _finished = DateTimeOffset.UtcNow;
            Signal();
            return finishedNow;
        }
    }

    private void Signal()
    {
        _version++;
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private JobState State()
    {
        if (_cancelled) return JobState.Cancelled;
        if (_images.All(i => i.State == ImageState.Queued)) return JobState.Queued;
        if (!_images.All(i => i.IsFinished)) return JobState.Running;
        return _images.Any(i => i.State == ImageState.Done) ? JobState.Done : JobState.Failed;
    }

    private sealed class ImageSlot(string name, string uploadPath)
    {
        public string Name { get; } = name;
        public string UploadPath { get; } = uploadPath;
        public ImageState State { get; set; } = ImageState.Queued;
        public double Progress { get; set; }
        public string Stage { get; set; } = "queued";
        public ApiProblem? Error { get; set; }
        public (string Path, OutputFormat Format, (int Width, int Height) Size, IReadOnlyDictionary<string, double> Timings, int Faces)? Result { get; set; }
        public bool IsFinished => State is ImageState.Done or ImageState.Failed or ImageState.Cancelled;
    }
}
