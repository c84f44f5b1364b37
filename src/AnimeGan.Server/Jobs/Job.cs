using System.Diagnostics;
using System.Text.Json.Serialization;
using AnimeGan.Imaging;
using AnimeGan.Options;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using AnimeGan.Video;

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

    /// <summary>What its results are named after (<see cref="OutputName.Tag"/>), where the back-end keeps it; else its style.</summary>
    [JsonIgnore]
    public string? NameTag { get; init; }

    [JsonIgnore]
    public bool IsFinished => State is JobState.Done or JobState.Failed or JobState.Cancelled;

    /// <summary>A job's state from its images': the one rule, wherever the job is kept.</summary>
    public static JobState StateOf(bool cancelled, IReadOnlyCollection<ImageState> images)
    {
        if (cancelled) return JobState.Cancelled;
        if (images.All(i => i == ImageState.Queued)) return JobState.Queued;
        if (!images.All(IsFinal)) return JobState.Running;
        return images.Any(i => i == ImageState.Done) ? JobState.Done : JobState.Failed;
    }

    /// <summary>A job's progress: the mean of its images', a finished image (failed ones too) counting whole.</summary>
    public static double ProgressOf(IEnumerable<(ImageState State, double Progress)> images) =>
        Math.Round(images.Average(i => IsFinal(i.State) ? 1 : i.Progress), 3);

    public static bool IsFinal(ImageState state) => state is ImageState.Done or ImageState.Failed or ImageState.Cancelled;
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
    int? Faces)
{
    /// <summary>The file name the result is offered under, by the rule the CLI names its files by.</summary>
    public string? Download { get; init; }

    /// <summary>While it waits: its place in the server's queue (1: next to start).</summary>
    public int? QueuePosition { get; init; }

    /// <summary>While it waits: about how long until a worker takes it, at the server's recent pace.</summary>
    public double? StartsInSeconds { get; init; }

    /// <summary>A clip: the frame being painted, of how many.</summary>
    public int? Frame { get; init; }

    public int? Frames { get; init; }

    /// <summary>While it runs: the seconds left at its rate so far (a clip's from its frames).</summary>
    public double? RemainingSeconds { get; init; }

    /// <summary>True when the result came from the result cache (the same photo converted the same way before) without a model run.</summary>
    public bool? FromCache { get; init; }

    /// <summary>Where the photo as uploaded can be fetched, while the server keeps it (for a before/after after a reload).</summary>
    public string? Original { get; init; }

    /// <summary>
    /// A photo given a new look after its conversion: the values it was finished with, for every option a
    /// converted photo takes anew (the look, HD, size, format); null while it is as the job made it.
    /// </summary>
    public IReadOnlyDictionary<string, object>? Finish { get; init; }

    /// <summary>The values of the options a converted photo takes anew, in <paramref name="settings"/>.</summary>
    public static IReadOnlyDictionary<string, object> FinishValues(ConversionSettings settings) =>
        ConversionOptions.All.Where(option => option.Refinishes).ToDictionary(option => option.Name, option => option.ValueIn(settings));
}

/// <summary>A result stored in the job's folder: its file, what it is, its size, and what it took.</summary>
public sealed record StoredResult(string Path, string MediaType, string Extension, (int Width, int Height) Size,
    IReadOnlyDictionary<string, double> Timings, int Faces, bool FromCache = false)
{
    /// <summary>A converted photo's painted picture and the photo, kept so it can be finished anew; null for a clip.</summary>
    public PaintedPhoto? Painted { get; init; }

    /// <summary>How it was finished when that was done again after its conversion (<see cref="Job.Refinished"/>); null: as the job's settings say.</summary>
    public ConversionSettings? Finish { get; init; }
}

/// <summary>
/// What a new finish of a converted photo starts from, in the job's folder: the photo as uploaded and
/// the painted picture at the working size, raw RGB (writing it costs a copy, not an encoding, on every
/// conversion; 3 MB at 1024×1024).
/// </summary>
public sealed record PaintedPhoto(string PhotoPath, string PicturePath, int Width, int Height, string SourceFormat)
{
    /// <summary>The photo's media type as browsers name it: "image/jpeg", "image/heif".</summary>
    public string PhotoMediaType => $"image/{SourceFormat}";

    public PixelBuffer ReadPicture() => new(Width, Height, 3, File.ReadAllBytes(PicturePath));
}

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

    /// <param name="nameTag">What the results are named after (<see cref="OutputName.Tag"/>).</param>
    /// <param name="videos">Which of the uploads are clips (by index); the rest are photos.</param>
    public Job(string id, string directory, ConversionSettings settings, string nameTag, IReadOnlyList<string> names, DateTimeOffset created,
        TimeSpan ttl, IReadOnlySet<int>? videos = null)
    {
        Id = id;
        Directory = directory;
        Settings = settings;
        NameTag = nameTag;
        Created = created;
        _ttl = ttl;
        _images = names.Select((name, index) => new ImageSlot(name, Path.Combine(directory, $"{index}.upload"), videos?.Contains(index) == true)).ToArray();
    }

    public string Id { get; }
    public string Directory { get; }

    /// <summary>How its photos are converted; the look files it reads were read into it, and go with the job.</summary>
    public ConversionSettings Settings { get; }

    /// <summary>The style its photos are painted in (the request's, or the server's default it was given).</summary>
    public string Style => Settings.Style!;

    /// <summary>What the results are named after: the style, or the preset that was asked for.</summary>
    public string NameTag { get; }
    public DateTimeOffset Created { get; }
    public int Count => _images.Length;

    /// <summary>Cancelled when the job is deleted: queued images are skipped, a running one is stopped where it is.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public string Name(int index) => _images[index].Name;

    /// <summary>The name result <paramref name="index"/> is offered under, "beach_shinkai-grade.jpg".</summary>
    public string DownloadName(int index, StoredResult result) => OutputName.For(_images[index].Name, NameTag, result.Extension);

    public string UploadPath(int index) => _images[index].UploadPath;

    public bool IsVideo(int index) => _images[index].IsVideo;

    /// <summary>Where the result of upload <paramref name="index"/> is stored, with its extension (".mp4").</summary>
    public string ResultPath(int index, string extension) => Path.Combine(Directory, $"{index}{extension}");

    public void Start(int index) => Change(index, image =>
    {
        if (_cancelled) return;
        image.State = ImageState.Running;
        image.Stage = "decode";
        image.Place = null;
        image.Started = Stopwatch.GetTimestamp();
    });

    /// <summary>A waiting image's place in the server's queue, and about how long until it starts.</summary>
    public void Wait(int index, QueuePlace place) => Change(index, image =>
    {
        if (image.State == ImageState.Queued) image.Place = place;
    });

    /// <summary>Progress only moves forward: reports that arrive late (after a later stage, or after the end) are dropped.</summary>
    public void Report(int index, ConversionProgress progress) => Change(index, image =>
    {
        if (image.State != ImageState.Running || progress.Fraction < image.Progress) return;
        image.Progress = progress.Fraction;
        image.Stage = progress.Stage;
    });

    /// <summary>A clip's progress: the share of its frames done, and the frame and time left for people to read.</summary>
    public void Report(int index, VideoProgress progress) => Change(index, image =>
    {
        if (image.State != ImageState.Running || progress.Fraction < image.Progress) return;
        image.Progress = progress.Fraction;
        image.Stage = "frames";
        image.Frame = (progress.Frame, progress.Frames, progress.Remaining.TotalSeconds);
    });

    /// <summary>
    /// Stores a photo's result, unless the job was cancelled meanwhile (then nothing is written). Says
    /// whether it was stored and whether this image was the job's last to finish.
    /// </summary>
    public (bool Stored, bool FinishedJob) Complete(int index, ServedResult served)
    {
        var result = served.Result;
        var path = ResultPath(index, result.Format.Extension());
        return Store(index, () =>
        {
            ResultStore.WriteFile(path, result.Encoded);
            return new StoredResult(path, result.Format.MediaType(), result.Format.Extension(), result.OutputSize, result.Timings.ToDictionary(),
                result.Faces.Count, served.FromCache) { Painted = KeepPainted(index, result) };
        });
    }

    /// <summary>Keeps the upload and writes the painted picture beside the result, for a new finish later.</summary>
    private PaintedPhoto? KeepPainted(int index, ConversionResult result)
    {
        if (result.Painted is not { Bands: 3 } painted) return null;
        var kept = new PaintedPhoto(ResultPath(index, ".photo"), ResultPath(index, ".painted"), painted.Width, painted.Height, result.SourceFormat);
        ResultStore.WriteFile(kept.PicturePath, painted.Data);
        File.Move(UploadPath(index), kept.PhotoPath);
        return kept;
    }

    /// <summary>A converted photo's settings and what a new finish starts from; null while it has none (not done, a clip).</summary>
    public (ConversionSettings Settings, PaintedPhoto Painted)? PaintedPhotoOf(int index)
    {
        lock (_gate)
            return _images[index].Result is { Painted: { } painted } result ? (result.Finish ?? Settings, painted) : null;
    }

    /// <summary>
    /// Replaces a converted photo's result with a new finish of it (<paramref name="settings"/>: the job's
    /// with a new look, HD or format); false when the job was cancelled meanwhile. The new file is written
    /// beside the old and moved over it, so a download never reads half of one.
    /// </summary>
    public bool Refinished(int index, ConversionResult result, ConversionSettings settings)
    {
        var path = ResultPath(index, result.Format.Extension());
        var written = Path.Combine(Directory, ResultStore.NewId() + ".new");
        ResultStore.WriteFile(written, result.Encoded);
        var replaced = false;
        Change(index, image =>
        {
            if (_cancelled || image.Result is not { } old) return;
            File.Move(written, path, overwrite: true);
            if (old.Path != path) File.Delete(old.Path);
            image.Result = old with
            {
                Path = path, MediaType = result.Format.MediaType(), Extension = result.Format.Extension(), Size = result.OutputSize,
                // The painting's times stay; the finish's are the new ones.
                Timings = old.Timings.Where(t => Stages.All.Any(s => s.Name == t.Key && s != Stages.Decode && s != Stages.Encode && !s.Finishes))
                    .Concat(result.Timings.ToDictionary()).ToDictionary(),
                Finish = settings,
            };
            replaced = true;
        });
        if (!replaced) File.Delete(written);
        return replaced;
    }

    /// <summary>Records a clip's result, which the converter wrote in the job's folder; a job cancelled meanwhile loses it.</summary>
    public (bool Stored, bool FinishedJob) Complete(int index, VideoResult result) =>
        Store(index, () => new StoredResult(result.Output, "video/mp4", ".mp4", result.OutputSize, result.Timings.ToDictionary(), 0));

    private (bool Stored, bool FinishedJob) Store(int index, Func<StoredResult> store)
    {
        var stored = false;
        var finishedJob = Change(index, image =>
        {
            if (_cancelled) return;
            image.Result = store();
            image.State = ImageState.Done;
            image.Progress = 1;
            image.Stage = "done";
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

    /// <summary>The stored result of a converted photo or clip.</summary>
    public StoredResult? ResultFile(int index)
    {
        lock (_gate) return _images[index].Result;
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
                image.Result?.MediaType, image.Result?.Size.Width, image.Result?.Size.Height, image.Result?.Timings,
                image.Result?.Faces)
            {
                Download = image.Result is null ? null : DownloadName(index, image.Result),
                Frame = image.Frame?.Frame, Frames = image.Frame?.Frames, RemainingSeconds = image.RemainingSeconds,
                QueuePosition = image.Place?.Position,
                StartsInSeconds = image.Place is { } place ? Math.Round(place.Wait.TotalSeconds, 1) : null,
                FromCache = image.Result?.FromCache,
                Finish = image.Result?.Finish is { } finish ? ImageStatus.FinishValues(finish) : null,
                Original = image.Result?.Painted is null ? null : $"/api/jobs/{Id}/originals/{index}",
            }).ToList();
            return new JobStatus(Id, JobStatus.StateOf(_cancelled, _images.Select(i => i.State).ToList()),
                JobStatus.ProgressOf(_images.Select(i => (i.State, i.Progress))), Style, Created,
                _finished, _finished + _ttl, images) { Version = _version, NameTag = NameTag };
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

    private sealed class ImageSlot(string name, string uploadPath, bool isVideo)
    {
        public string Name { get; } = name;
        public string UploadPath { get; } = uploadPath;
        public bool IsVideo { get; } = isVideo;
        public (int Frame, int Frames, double Remaining)? Frame { get; set; }
        public QueuePlace? Place { get; set; }
        public long? Started { get; set; }

        /// <summary>A clip's own estimate; a photo's from the share done so far, once there is enough of it to go by.</summary>
        public double? RemainingSeconds
        {
            get
            {
                if (Frame is { } frame) return Math.Round(frame.Remaining, 1);
                if (State != ImageState.Running || Started is not { } started || Progress < 0.05) return null;
                var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                return Math.Round(elapsed * (1 - Progress) / Progress, 1);
            }
        }
        public ImageState State { get; set; } = ImageState.Queued;
        public double Progress { get; set; }
        public string Stage { get; set; } = "queued";
        public ApiProblem? Error { get; set; }
        public StoredResult? Result { get; set; }
        public bool IsFinished => JobStatus.IsFinal(State);
    }
}
