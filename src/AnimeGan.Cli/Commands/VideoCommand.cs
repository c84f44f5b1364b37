using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AnimeGan.Cli.Batch;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Looks;
using AnimeGan.Models;
using AnimeGan.Options;
using AnimeGan.Pipeline;
using AnimeGan.Video;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>`animegan video CLIP... [-o FILE|DIR] [options]`: clips through the same stages as photos, steadied, with their sound.</summary>
internal sealed class VideoCommand(CliConsole console, CommonOptions common)
{
    private readonly Argument<string[]> _inputs = new("CLIP")
    {
        Description = $"Clips, folders or glob patterns (folders: {string.Join(' ', VideoFiles.Extensions)})",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<string?> _output = new("--output", "-o")
    {
        Description = "Output file (one input) or folder. Default: beside each clip as NAME_STYLE.mp4",
        HelpName = "FILE|DIR",
    };

    private readonly Option<string?> _format = new Option<string?>("--format")
    {
        Description = "mp4 (H.264, the default), webm (VP9), or gif (short clips, no sound); from -o's extension when it names a file",
    }.AcceptOnlyFromAmong("mp4", "webm", "gif");

    private readonly Option<string?> _start = new("--start")
    {
        Description = "Where in the clip to start: seconds (12.5) or [hh:]mm:ss",
        HelpName = "T",
        Validators = { result => { if (result.Tokens.Count > 0 && Time(result.Tokens[^1].Value) is null) result.AddError("--start must be seconds (12.5) or [hh:]mm:ss"); } },
    };

    private readonly Option<string?> _duration = new("--duration")
    {
        Description = "How much of the clip to convert: seconds or [hh:]mm:ss",
        HelpName = "T",
        Validators = { result => { if (result.Tokens.Count > 0 && Time(result.Tokens[^1].Value) is not { TotalSeconds: > 0 }) result.AddError("--duration must be a positive time: seconds (3) or [hh:]mm:ss"); } },
    };

    private readonly Option<string?> _ffmpeg = new("--ffmpeg")
    {
        Description = $"The folder of ffmpeg and ffprobe (default: ${Ffmpeg.EnvironmentVariable}, then the PATH)",
        HelpName = "DIR",
    };

    private readonly Option<string?> _preset = new("--preset") { Description = "A named style and look (see `animegan presets`)", HelpName = "NAME" };
    private readonly Option<string?> _presetFile = CommonOptions.PresetFile();
    private readonly Option<int> _threads = CommonOptions.Threads();
    private readonly Option<string> _precision = CommonOptions.Precision();
    private readonly Option<string> _device = CommonOptions.Device();
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<bool> _recursive = new("--recursive", "-r") { Description = "Walk folders recursively" };
    private readonly Option<bool> _overwrite = new("--overwrite") { Description = "Replace outputs that already exist" };
    // Faces are off for clips unless asked for: each face costs a model run per frame.
    private static readonly ConversionSettings ClipDefaults = new() { Faces = new Faces.FaceSettings { Enabled = false } };
    private readonly SettingsOptions _settings = new(ConversionOptions.All.Where(o => o != ConversionOptions.Format && o != ConversionOptions.Quality), ClipDefaults);

    public Command Create()
    {
        var command = new Command("video", "Convert clips to anime style, steady from frame to frame, with their sound")
        {
            _inputs, _output, _format, _start, _duration, _ffmpeg, _preset, _presetFile, _threads, _precision, _device, _recursive, _overwrite, _json,
        };
        foreach (var option in _settings.Options) command.Options.Add(option);
        command.SetAction((parsed, cancellation) => RunAsync(parsed, cancellation));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellation)
    {
        var json = parsed.GetValue(_json);
        var human = json ? console.Error : console.Out;
        var inputs = InputCollector.Collect(parsed.GetValue(_inputs)!, parsed.GetValue(_recursive), videos: true);
        foreach (var missing in inputs.Missing) console.Error.MarkupLineInterpolated($"[red]error:[/] no such file or folder: {missing}");
        if (inputs.Missing.Count > 0) return ExitCodes.UsageError;
        if (inputs.Items.Count == 0)
        {
            console.Error.MarkupLine("[yellow]warning:[/] no clips to convert");
            return ExitCodes.Success;
        }
        var ffmpeg = Ffmpeg.Find(parsed.GetValue(_ffmpeg));

        var preset = parsed.GetValue(_preset) is { } presetName ? PresetCatalog.Load(parsed.GetValue(_presetFile)).Require(presetName) : null;
        var start = ClipDefaults with { Style = preset?.Style, Look = preset?.Look ?? LookSettings.None };
        var settings = _settings.Apply(parsed, start);
        using var store = new ModelStore(common.Directories(parsed), new InferenceSettings
        {
            Threads = parsed.GetValue(_threads), ConcurrentRuns = 1, Device = CommonOptions.DeviceOf(parsed.GetValue(_device)),
        });
        var styleTag = OutputName.Tag(_settings.IsGiven(parsed, ConversionOptions.StyleName) ? settings.Style : null, preset?.Name,
            settings.Style ?? store.DefaultStyle);
        var planner = new OutputPlanner(parsed.GetValue(_output), inputs.IsSingleFile, styleTag);
        var format = parsed.GetValue(_format) is { } named ? Enum.Parse<VideoFormat>(named, ignoreCase: true)
            : planner.OutputFile is { } file ? VideoOutput.FormatOf(file) ?? throw new ArgumentException("the output file must end in .mp4, .mov, .m4v, .webm or .gif")
            : VideoFormat.Mp4;
        var part = new VideoOutput { Start = Time(parsed.GetValue(_start)), Duration = Time(parsed.GetValue(_duration)), Format = format };
        var builder = new FramePipelineBuilder(store, CommonOptions.PrecisionOf(parsed.GetValue(_precision)));
        builder.Build(settings, forClip: true); // every model loads, or its error shows, before the first clip
        var converter = new VideoConverter(ffmpeg, ImageLimits.Default);

        var failed = 0;
        foreach (var item in inputs.Items)
        {
            var output = planner.Plan(item, VideoOutput.Extension(format));
            VideoRecord record;
            if (File.Exists(output) && !parsed.GetValue(_overwrite))
                record = new VideoRecord(item.Path, output, "skipped") { Error = "the output exists; use --overwrite to replace it" };
            else
                record = await ConvertOneAsync(converter, item, output, builder.Build(settings, forClip: true), part, human, cancellation);
            if (record.Status == "failed") failed++;
            Report(human, record);
            if (json) console.StdOut.WriteLine(JsonSerializer.Serialize(record, JsonOptions));
        }
        cancellation.ThrowIfCancellationRequested();
        return failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
    }

    private static async Task<VideoRecord> ConvertOneAsync(VideoConverter converter, BatchItem item, string output, FramePipeline pipeline, VideoOutput part,
        IAnsiConsole human, CancellationToken cancellation)
    {
        try
        {
            VideoResult? result = null;
            async Task Convert(Action<VideoProgress>? report) => result = await converter.ConvertAsync(item.Path, output, pipeline, part,
                report is null ? null : new InlineProgress<VideoProgress>(report), cancellation);
            if (human.Profile.Capabilities.Interactive)
                await human.Progress().AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(Markup.Escape(item.RelativePath), maxValue: 1);
                        await Convert(p =>
                        {
                            task.Value = p.Fraction;
                            task.Description = $"{Markup.Escape(item.RelativePath)} [grey]frame {p.Frame}/{p.Frames}, {p.FramesPerSecond:F1} fps[/]";
                        });
                    });
            else
                await Convert(null);
            return VideoRecord.From(item.Path, result!);
        }
        catch (Exception e) when (e is VideoRejectedException or ImageRejectedException or IOException)
        {
            return new VideoRecord(item.Path, output, "failed") { Error = e.Message };
        }
    }

    private static void Report(IAnsiConsole console, VideoRecord record)
    {
        var input = Markup.Escape(Path.GetFileName(record.Input));
        console.MarkupLine(record.Status switch
        {
            "converted" => $"[green]✓[/] {input} → {Markup.Escape(record.Output)} [grey]{record.Frames} frames at {record.Size}, {record.FramesPerSecond:F1} fps[/]",
            "skipped" => $"[yellow]–[/] {input}: skipped, {Markup.Escape(record.Output)} exists (use --overwrite)",
            _ => $"[red]✗[/] {input}: {Markup.Escape(record.Error ?? "failed")}",
        });
    }

    /// <summary>Seconds ("12.5") or [hh:]mm:ss; null for none or for text that is neither.</summary>
    private static TimeSpan? Time(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && double.IsFinite(seconds))
            return TimeSpan.FromSeconds(seconds);
        return TimeSpan.TryParseExact(text, ["m\\:ss", "mm\\:ss", "h\\:mm\\:ss", "hh\\:mm\\:ss", "m\\:ss\\.FFF", "mm\\:ss\\.FFF", "h\\:mm\\:ss\\.FFF"],
            CultureInfo.InvariantCulture, out var time) ? time : null;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}

/// <summary>What happened to one clip; one JSON line per clip with --json.</summary>
internal sealed record VideoRecord(string Input, string Output, string Status)
{
    public int? Frames { get; init; }
    public double? FramesPerSecond { get; init; }
    public string? Size { get; init; }
    public double? DurationSeconds { get; init; }
    public bool? Audio { get; init; }
    public IReadOnlyDictionary<string, double>? TimingsMs { get; init; }
    public double? TotalMs { get; init; }
    public string? Error { get; init; }

    public static VideoRecord From(string input, VideoResult result) => new(input, result.Output, "converted")
    {
        Frames = result.Frames,
        FramesPerSecond = Math.Round(result.FramesPerSecond, 2),
        Size = $"{result.OutputSize.Width}x{result.OutputSize.Height}",
        DurationSeconds = Math.Round(result.Source.Duration.TotalSeconds, 2),
        Audio = result.Source.HasAudio,
        TimingsMs = result.Timings.ToDictionary(),
        TotalMs = Math.Round(result.Elapsed.TotalMilliseconds, 1),
    };
}
