using System.Diagnostics;
using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using AnimeGan.Server.Hosting;
using AnimeGan.Server.Styles;
using AnimeGan.Video;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Jobs;

/// <summary>A photo's result, and whether it came from the result cache instead of a model run.</summary>
public sealed record ServedResult(ConversionResult Result, bool FromCache);

/// <summary>
/// The conversion pipeline as the server uses it: photos from bytes in memory (answered from the
/// result cache when the same photo was converted the same way before), clips from files in the job's
/// folder, always within the server's limits, each conversion counted in the metrics. Clips need
/// ffmpeg, looked for once at start-up, and the embedded job back-end; otherwise the server converts
/// photos and says why it refuses clips.
/// </summary>
public sealed class ConversionService
{
    private readonly StyleCatalog _styles;
    private readonly ServerOptions _options;
    private readonly ResultCache _cache;
    private readonly ServerMetrics _metrics;
    private readonly PhotoConverter _converter;
    private readonly VideoConverter? _video;

    /// <summary>
    /// New finishes run on the request's thread, not through the queue (a look takes milliseconds and
    /// should not wait behind paintings), but no more at once than there are workers, so they cannot
    /// take the machine from the queue.
    /// </summary>
    private readonly SemaphoreSlim _refinishing;

    public ConversionService(StyleCatalog styles, ServerOptions options, ResultCache cache, ServerMetrics metrics, ILogger<ConversionService> logger)
    {
        (_styles, _options, _cache, _metrics) = (styles, options, cache, metrics);
        _refinishing = new SemaphoreSlim(options.Workers);
        _converter = new PhotoConverter(new ImageCodec(options.ImageLimits));
        if (options.Redis is not null)
        {
            // A clip is a file of up to MaxVideoBytes on this replica's disk, converted into another there: no other replica could convert it or serve it.
            VideoUnavailable = "this server shares its jobs through Redis, which takes photos only; convert clips with a server of its own";
            return;
        }
        try
        {
            _video = new VideoConverter(Ffmpeg.Find(options.Ffmpeg), options.ImageLimits);
        }
        catch (FfmpegMissingException e)
        {
            VideoUnavailable = "this server has no ffmpeg, which video needs; it converts photos only";
            logger.LogWarning("video is unavailable: {Reason}", e.Message);
        }
    }

    public ImageCodec Codec => _converter.Codec;

    /// <summary>Why this server cannot convert clips (no server paths), or null when it can.</summary>
    public string? VideoUnavailable { get; }

    /// <summary>
    /// Checks an upload before it is accepted: the format is sniffed from the content, the pixel count
    /// read from the header, and the size of the picture <paramref name="pipeline"/> would make of it
    /// (an upscale multiplies it) held to the same budget, so a refusal costs no decoding and no model
    /// run. Throws the problem to answer.
    /// </summary>
    public void Inspect(ReadOnlySpan<byte> bytes, string name, FramePipeline pipeline)
    {
        try
        {
            using var photo = Codec.Decode(bytes);
            Codec.RequireWithinBudget(pipeline.Plan((photo.Width, photo.Height)).Output, "the result");
        }
        catch (ImageRejectedException e)
        {
            throw new ApiProblemException(ApiProblem.ForRejectedImage(e, name));
        }
    }

    /// <summary>
    /// Checks a staged clip before it is accepted: ffprobe must read a picture stream from it, and its
    /// length, its frames (at the rate it will be painted at) and its frames' size after the pipeline
    /// must be within the server's limits. Throws the problem to answer, naming the limit.
    /// </summary>
    public async Task InspectVideoAsync(string path, string name, FramePipeline pipeline, CancellationToken cancellation)
    {
        if (_video is null)
            throw new ApiProblemException(new(StatusCodes.Status415UnsupportedMediaType, "Video unavailable", $"{name}: {VideoUnavailable}"));
        try
        {
            var info = await VideoProbe.ReadAsync(_video.Ffmpeg, path, cancellation);
            if (info.Duration.TotalSeconds > _options.MaxVideoSeconds)
                throw new VideoRejectedException($"the clip is {info.Duration.TotalSeconds:0.#} s long, over this server's limit of " +
                                                 $"{_options.MaxVideoSeconds:0.#} s (MaxVideoSeconds); send a shorter clip", overLimit: true);
            var frames = info.FramesIn(info.Duration, pipeline.Settings.Video.Fps);
            if (frames > _options.MaxVideoFrames)
                throw new VideoRejectedException($"the clip has {frames} frames, over this server's limit of {_options.MaxVideoFrames} " +
                                                 "(MaxVideoFrames); send a shorter clip or fewer frames per second (fps)", overLimit: true);
            Codec.RequireWithinBudget(pipeline.Plan((info.Width, info.Height)).Output, "each frame of the result");
        }
        catch (VideoRejectedException e)
        {
            throw new ApiProblemException(ApiProblem.ForRejectedVideo(e, name));
        }
        catch (ImageRejectedException e)
        {
            throw new ApiProblemException(ApiProblem.ForRejectedImage(e, name));
        }
    }

    public ServedResult Convert(byte[] bytes, ConversionSettings settings,
        IProgress<ConversionProgress>? progress, CancellationToken cancellation)
    {
        var key = _cache.KeyFor(bytes, settings);
        if (key is not null)
        {
            if (_cache.TryGet(key, out var cached))
            {
                _metrics.CacheHit();
                progress?.Report(new ConversionProgress(Stages.Encode.Name, 1));
                return new ServedResult(cached, FromCache: true);
            }
            _metrics.CacheMiss();
        }
        var result = Counted(settings, "photo", () => _converter.Convert(bytes, _styles.Pipeline(settings), progress, cancellation),
            photo => (photo.Timings, photo.Faces.Count), cancellation);
        if (key is not null) _cache.Add(key, result);
        return new ServedResult(result, FromCache: false);
    }

    /// <summary>
    /// A new finish of a converted photo (a new look, HD, size or format): <paramref name="source"/>'s
    /// painted picture through the finishing stages of <paramref name="settings"/>, no generator run.
    /// </summary>
    public async Task<ConversionResult> RefinishAsync(PaintedSource source, ConversionSettings settings, CancellationToken cancellation)
    {
        await _refinishing.WaitAsync(cancellation);
        try
        {
            return await Task.Run(() => Counted(settings, "refinish",
                () => _converter.Refinish(source.Photo, source.Picture, _styles.Pipeline(settings), cancellation),
                result => (result.Timings, 0), cancellation), cancellation);
        }
        catch (ImageRejectedException e)
        {
            throw new ApiProblemException(ApiProblem.ForRejectedImage(e, "the new finish"));
        }
        finally
        {
            _refinishing.Release();
        }
    }

    /// <summary>Converts a clip on the calling thread (a worker's) into <paramref name="output"/>, an MP4, whole or not at all.</summary>
    public VideoResult ConvertVideo(string input, string output, ConversionSettings settings,
        IProgress<VideoProgress>? progress, CancellationToken cancellation)
    {
        var video = _video ?? throw new InvalidOperationException("clips are refused on upload when there is no ffmpeg or jobs are shared");
        return Counted(settings, "clip", () => video.ConvertAsync(input, output, _styles.Pipeline(settings, forClip: true), new VideoOutput(), progress,
            cancellation).GetAwaiter().GetResult(), clip => (clip.Timings, 0), cancellation);
    }

    /// <summary>Runs a conversion and counts it in the metrics: its time and stages when it succeeds, a failure when it fails (a cancellation is neither).</summary>
    private T Counted<T>(ConversionSettings settings, string kind, Func<T> convert, Func<T, (StageTimings Timings, int Faces)> describe,
        CancellationToken cancellation)
    {
        var style = settings.Style ?? _styles.DefaultStyle;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = convert();
            var (timings, faces) = describe(result);
            _metrics.Converted(style, kind, Stopwatch.GetElapsedTime(started), timings.ToDictionary(), faces);
            return result;
        }
        catch (Exception) when (!cancellation.IsCancellationRequested)
        {
            _metrics.Failed(style, kind);
            throw;
        }
    }
}
