using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AnimeGan.Benchmarking;
using AnimeGan.Faces;
using AnimeGan.Cli.Batch;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>
/// `animegan bench`: model and end-to-end time per size with the stage breakdown and peak memory; with
/// --photos, INT8 quality against FP32 and the folder pipeline against the sequential loop.
/// Everything BENCHMARKS.md records comes from one run of this command.
/// </summary>
internal sealed class BenchCommand(CliConsole console, CommonOptions common)
{
    private readonly Option<string> _sizes = new("--sizes")
    {
        Description = "Square working sizes to measure, comma-separated multiples of 8",
        HelpName = "N,N,…",
        DefaultValueFactory = _ => "256,384,512,640",
        Validators = { result => { if (ParseSizes(result.GetValueOrDefault<string>()) is null) result.AddError("--sizes must be multiples of 8 from 64 to 4096, e.g. 256,512"); } },
    };

    private readonly Option<int> _runs = new("--runs")
    {
        Description = "Timed runs per size, after warm-up",
        HelpName = "N",
        DefaultValueFactory = _ => 5,
        Validators = { result => CommonOptions.RequireRange(result, 1, 1000) },
    };

    private readonly Option<int> _warmup = new("--warmup")
    {
        Description = "Untimed runs per size first (session warm-up, arena growth)",
        HelpName = "N",
        DefaultValueFactory = _ => 1,
        Validators = { result => CommonOptions.RequireRange(result, 0, 100) },
    };

    private readonly Option<string> _precision = new("--precision")
    {
        Description = "fp32, int8, or both side by side (fp32,int8)",
        HelpName = "fp32|int8|fp32,int8",
        DefaultValueFactory = _ => "fp32",
        Validators = { result => { if (ParsePrecisions(result.GetValueOrDefault<string>()) is null) result.AddError("--precision must be fp32, int8 or fp32,int8"); } },
    };

    private readonly Option<string?> _style = new("--style", "-s") { Description = "Registered style", HelpName = "NAME" };

    private readonly Option<string?> _photo = new("--photo")
    {
        Description = "Photo to time (centre square, resampled to each size). Default: the first of --photos, else a synthetic picture",
        HelpName = "FILE",
    };

    private readonly Option<string?> _portrait = new("--portrait")
    {
        Description = "Also time conversions with face protection (face2paint) of this portrait, centre square at each size",
        HelpName = "FILE",
    };

    private readonly Option<string?> _photos = new("--photos")
    {
        Description = "Folder of photos: INT8 quality against FP32 per size (with --precision fp32,int8), the --batch comparison, and with --upscaler how well it restores them against bicubic and Lanczos",
        HelpName = "DIR",
    };

    private readonly Option<int> _batch = new("--batch")
    {
        Description = "Also time converting the first N photos of --photos as a folder, sequential against pipelined",
        HelpName = "N",
        Validators = { result => CommonOptions.RequireRange(result, 0, 10000) },
    };

    private readonly Option<bool> _tuning = new("--tuning")
    {
        Description = "Also time the model with each session setting changed from its default (first precision only)",
    };

    private readonly Option<int> _threads = CommonOptions.Threads();
    private readonly Option<string> _device = CommonOptions.Device();

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Option<string?> _upscaler = new("--upscaler")
    {
        Description = "Time this registered upscaler (esrgan-slim-x2, …) instead of the style's generator, on the photo at each size",
        HelpName = "NAME",
    };

    private readonly Option<int?> _tile = new("--tile")
    {
        Description = "Longest tile side the timed model sees at once (default: its registry's, else 1024); one value per run, for its peak memory",
        HelpName = "N",
        Validators = { result => CommonOptions.RequireRange(result, 64, 4096) },
    };

    private readonly Option<bool> _json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("bench", "Measure speed, memory and INT8 quality on this machine")
        {
            _sizes, _runs, _warmup, _precision, _style, _upscaler, _tile, _photo, _portrait, _photos, _batch, _tuning, _threads, _device, _json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(_batch) > 0 && result.GetResult(_photos) is null) result.AddError("--batch needs --photos DIR");
            if (result.GetResult(_upscaler) is not null && (result.GetValue(_batch) > 0 || result.GetResult(_portrait) is not null))
                result.AddError("--upscaler times the upscaler alone; --batch and --portrait time conversions");
        });
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult parsed)
    {
        var json = parsed.GetValue(_json);
        var human = json ? console.Error : console.Out;
        var settings = new BenchSettings { Sizes = ParseSizes(parsed.GetValue(_sizes))!, Runs = parsed.GetValue(_runs), Warmup = parsed.GetValue(_warmup) };
        var inference = new InferenceSettings
        {
            Threads = parsed.GetValue(_threads), Device = CommonOptions.DeviceOf(parsed.GetValue(_device)), ConcurrentRuns = 1,
        };
        // Measures the INT8 model it is asked for even where conversions would run FP32: that is how the registry's ratios are found.
        using var store = new ModelStore(common.Directories(parsed), inference) { Int8OnlyWhereItPays = false };
        var style = parsed.GetValue(_style) ?? store.DefaultStyle;
        var precisions = ParsePrecisions(parsed.GetValue(_precision))!;
        // The bench times the generator alone and whole conversions; faces only with --portrait.
        BenchSubject Subject(ModelPrecision precision, bool faces)
        {
            var settings = new ConversionSettings { Style = style, Format = OutputFormat.Jpeg, Faces = new FaceSettings { Enabled = faces } };
            var pipeline = new FramePipelineBuilder(store, precision).Build(settings);
            return new BenchSubject(precision.ToString().ToLowerInvariant(), store.GetGenerator(style, precision), pipeline);
        }
        var (upscaler, tile) = (parsed.GetValue(_upscaler), parsed.GetValue(_tile));
        var subjects = precisions.Select(p => upscaler is not null ? Timed(store, store.RequireEntry(upscaler, ModelKind.Upscaler), p, tile)
            : tile is not null ? Timed(store, store.RequireEntry(style, ModelKind.Generator), p, tile) with { Pipeline = Subject(p, faces: false).Pipeline }
            : Subject(p, faces: false)).ToList();
        using var owned = new CompositeDisposable(subjects.Where(_ => tile is not null || upscaler is not null).Select(s => s.Model));

        var codec = new ImageCodec();
        var photoFolder = parsed.GetValue(_photos);
        var folderPhotos = photoFolder is null ? [] : InputCollector.Collect([photoFolder], recursive: false).Items;
        if (photoFolder is not null && folderPhotos.Count == 0) throw new ArgumentException($"no photos in {photoFolder}");
        var photoPath = parsed.GetValue(_photo) ?? folderPhotos.FirstOrDefault()?.Path;
        var photo = LoadPhoto(photoPath, codec);

        var machine = MachineInfo.Current();
        human.MarkupLineInterpolated($"[grey]{machine}[/]");
        var threads = inference.Threads == 0 ? "threads: one per core" : $"{inference.Threads} threads";
        human.MarkupLineInterpolated(
            $"[grey]{style}, {string.Join(" and ", subjects.Select(s => s.Name))}, {inference.Device}, {threads}, {settings.Runs} runs after {settings.Warmup} warm-up, photo: {photoPath ?? "synthetic"}[/]");

        if (subjects.Count > 1)
            human.MarkupLine("[grey]Peak memory counts every precision this process has loaded; bench one precision for its own figure.[/]");
        var converter = new PhotoConverter(codec);
        var measurements = new List<SizeMeasurement>();
        foreach (var measurement in new GeneratorBenchmark(converter).Measure(subjects, photo, settings))
        {
            measurements.Add(measurement);
            human.MarkupLineInterpolated($"[grey]  {measurement.Subject} {measurement.Size}²: model {measurement.ModelMs} ms, end to end {measurement.EndToEndMs} ms[/]");
        }

        var portrait = new List<SizeMeasurement>();
        if (parsed.GetValue(_portrait) is { } portraitPath)
        {
            var withFaces = precisions.Select(p => Subject(p, faces: true)).ToList();
            foreach (var measurement in new GeneratorBenchmark(converter).Measure(withFaces, LoadPhoto(portraitPath, codec), settings))
            {
                portrait.Add(measurement);
                human.MarkupLineInterpolated(
                    $"[grey]  {measurement.Subject} {measurement.Size}² with face2paint ({measurement.Faces} face(s)): end to end {measurement.EndToEndMs} ms[/]");
            }
        }

        var quality = new List<QualityMeasurement>();
        var fp32 = subjects.FirstOrDefault(s => s.Name == "fp32");
        var int8 = subjects.FirstOrDefault(s => s.Name == "int8");
        if (fp32 is not null && int8 is not null && folderPhotos.Count > 0)
            foreach (var size in settings.Sizes)
            {
                quality.Add(QualityComparison.Measure(fp32.Model, int8.Model, folderPhotos.Select(p => p.Path).ToList(), size, codec));
                human.MarkupLineInterpolated($"[grey]  int8 against fp32 at {size}: PSNR {quality[^1].MeanPsnr:F2} dB[/]");
            }

        // An upscaler against plain resampling, restoring each photo, and the style's painting of it, from a reduced copy.
        var restoration = new List<(string Method, QualityMeasurement Quality)>();
        if (upscaler is not null && folderPhotos.Count > 0)
        {
            var paths = folderPhotos.Select(p => p.Path).ToList();
            restoration.AddRange(QualityComparison.MeasureUpscaler(subjects[0].Model, paths, settings.Sizes.Max(), codec));
            restoration.AddRange(QualityComparison.MeasureUpscaler(subjects[0].Model, paths, settings.Sizes.Max(), codec, store.GetGenerator(style))
                .Select(r => ($"{r.Method}, {style} paintings", r.Quality)));
        }
        foreach (var (method, q) in restoration)
            human.MarkupLineInterpolated($"[grey]  {method} restoring ×{subjects[0].Model.Scale}: PSNR {q.MeanPsnr:F2} dB, SSIM {q.MeanSsim:F4}[/]");

        var batches = new List<(string Subject, IReadOnlyList<ThroughputMeasurement> Results)>();
        var batchSize = parsed.GetValue(_batch);
        if (batchSize > 0)
            foreach (var subject in subjects)
            {
                var photos = folderPhotos.Take(batchSize).ToList();
                batches.Add((subject.Name, BatchThroughput.Compare(photos, converter, subject.Pipeline!, [1, BatchConverter.PipelineDepth], rounds: 2)));
                human.MarkupLineInterpolated($"[grey]  {subject.Name} folder of {photos.Count}: {string.Join(", ", batches[^1].Results.Select(r => $"depth {r.Depth} {r.ImagesPerSecond} images/s"))}[/]");
            }

        var tuning = new List<SizeMeasurement>();
        if (parsed.GetValue(_tuning))
        {
            var alternatives = SessionTuning.Alternatives(inference).Select(a =>
            {
                var model = new ImageModel(subjects[0].Model.ModelPath, subjects[0].Model.Contract, a.Settings);
                return new BenchSubject(a.Name, model, subjects[0].Pipeline);
            }).ToList();
            try
            {
                foreach (var measurement in new GeneratorBenchmark(converter).Measure(alternatives, photo, settings with { EndToEnd = false }))
                {
                    tuning.Add(measurement with { PeakMb = null });
                    human.MarkupLineInterpolated($"[grey]  {subjects[0].Name} {measurement.Subject} {measurement.Size}²: model {measurement.ModelMs} ms[/]");
                }
            }
            finally
            {
                foreach (var alternative in alternatives) alternative.Model.Dispose();
            }
        }

        if (json)
        {
            console.StdOut.WriteLine(JsonSerializer.Serialize(new
            {
                machine,
                settings = new { style, device = inference.Device.ToString().ToLowerInvariant(), inference.Threads, settings.Sizes, settings.Runs, settings.Warmup, photo = photoPath ?? "synthetic" },
                results = measurements,
                portrait = portrait.Count == 0 ? null : portrait,
                quality,
                restoration = restoration.Count == 0 ? null : restoration.Select(r => new { method = r.Method, quality = r.Quality }),
                batch = batches.Select(b => new { subject = b.Subject, results = b.Results }),
                tuning = tuning.Count == 0 ? null : new { precision = subjects[0].Name, results = tuning },
            }, JsonOptions));
            return ExitCodes.Success;
        }
        foreach (var line in MarkdownReport.Lines(measurements, portrait, quality, restoration, batches, tuning)) console.StdOut.WriteLine(line);
        return ExitCodes.Success;
    }

    /// <summary>Disposes what the bench made for itself, whatever ends it.</summary>
    private sealed class CompositeDisposable(IEnumerable<IDisposable> parts) : IDisposable
    {
        private readonly List<IDisposable> _parts = parts.ToList();

        public void Dispose() => _parts.ForEach(part => part.Dispose());
    }

    /// <summary>A registered model on a session of its own, with the tile size asked for: the model alone is timed.</summary>
    private static BenchSubject Timed(ModelStore store, ModelEntry entry, ModelPrecision precision, int? tile)
    {
        var contract = tile is { } side ? entry.Contract with { Tile = side / entry.Contract.SizeMultiple * entry.Contract.SizeMultiple } : entry.Contract;
        return new BenchSubject(precision.ToString().ToLowerInvariant(), new ImageModel(store.RequireFile(entry, precision), contract, store.Inference), null);
    }

    private static PixelBuffer LoadPhoto(string? path, ImageCodec codec)
    {
        if (path is null) return SyntheticPhoto.Create(1280, 960);
        using var photo = codec.Decode(path);
        return photo.ReadColour(photo.Width, photo.Height);
    }

    private static IReadOnlyList<int>? ParseSizes(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 64 or > 4096 || size % 8 != 0) return null;
            sizes.Add(size);
        }
        return sizes.Count > 0 ? sizes : null;
    }

    private static IReadOnlyList<ModelPrecision>? ParsePrecisions(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var precisions = new List<ModelPrecision>();
        foreach (var part in parts)
        {
            if (!Enum.TryParse<ModelPrecision>(part, ignoreCase: true, out var precision) || int.TryParse(part, out _)) return null;
            precisions.Add(precision);
        }
        return precisions.Count > 0 ? precisions.Distinct().ToList() : null;
    }
}
