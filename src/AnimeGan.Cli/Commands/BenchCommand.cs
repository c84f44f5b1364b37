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
internal static class BenchCommand
{
    private static readonly Option<string> Sizes = new("--sizes")
    {
        Description = "Square working sizes to measure, comma-separated multiples of 8",
        HelpName = "N,N,…",
        DefaultValueFactory = _ => "256,384,512,640",
        Validators = { result => { if (ParseSizes(result.GetValueOrDefault<string>()) is null) result.AddError("--sizes must be multiples of 8 from 64 to 4096, e.g. 256,512"); } },
    };

    private static readonly Option<int> Runs = new("--runs")
    {
        Description = "Timed runs per size, after warm-up",
        HelpName = "N",
        DefaultValueFactory = _ => 5,
        Validators = { result => CommonOptions.RequireRange(result, 1, 1000) },
    };

    private static readonly Option<int> Warmup = new("--warmup")
    {
        Description = "Untimed runs per size first (session warm-up, arena growth)",
        HelpName = "N",
        DefaultValueFactory = _ => 1,
        Validators = { result => CommonOptions.RequireRange(result, 0, 100) },
    };

    private static readonly Option<string> Precision = new("--precision")
    {
        Description = "fp32, int8, or both side by side (fp32,int8)",
        HelpName = "fp32|int8|fp32,int8",
        DefaultValueFactory = _ => "fp32",
        Validators = { result => { if (ParsePrecisions(result.GetValueOrDefault<string>()) is null) result.AddError("--precision must be fp32, int8 or fp32,int8"); } },
    };

    private static readonly Option<string?> Style = new("--style", "-s") { Description = "Registered style", HelpName = "NAME" };

    private static readonly Option<string?> Photo = new("--photo")
    {
        Description = "Photo to time (centre square, resampled to each size). Default: the first of --photos, else a synthetic picture",
        HelpName = "FILE",
    };

    private static readonly Option<string?> Portrait = new("--portrait")
    {
        Description = "Also time conversions with face protection (face2paint) of this portrait, centre square at each size",
        HelpName = "FILE",
    };

    private static readonly Option<string?> Photos = new("--photos")
    {
        Description = "Folder of photos: INT8 quality against FP32 per size (with --precision fp32,int8) and the --batch comparison",
        HelpName = "DIR",
    };

    private static readonly Option<int> Batch = new("--batch")
    {
        Description = "Also time converting the first N photos of --photos as a folder, sequential against pipelined",
        HelpName = "N",
        Validators = { result => CommonOptions.RequireRange(result, 0, 10000) },
    };

    private static readonly Option<bool> Tuning = new("--tuning")
    {
        Description = "Also time the model with each session setting changed from its default (first precision only)",
    };

    private static readonly Option<int> Threads = CommonOptions.Threads();
    private static readonly Option<string> Device = CommonOptions.Device();

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create()
    {
        var command = new Command("bench", "Measure speed, memory and INT8 quality on this machine")
        {
            Sizes, Runs, Warmup, Precision, Style, Photo, Portrait, Photos, Batch, Tuning, Threads, Device, CommonOptions.Json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(Batch) > 0 && result.GetResult(Photos) is null) result.AddError("--batch needs --photos DIR");
        });
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parsed)
    {
        var json = parsed.GetValue(CommonOptions.Json);
        var console = json ? Terminal.Error : Terminal.Out;
        var settings = new BenchSettings { Sizes = ParseSizes(parsed.GetValue(Sizes))!, Runs = parsed.GetValue(Runs), Warmup = parsed.GetValue(Warmup) };
        var inference = new InferenceSettings
        {
            Threads = parsed.GetValue(Threads), Device = CommonOptions.DeviceOf(parsed.GetValue(Device)), ConcurrentRuns = 1,
        };
        using var store = new ModelStore(CommonOptions.Directories(parsed), inference);
        var style = parsed.GetValue(Style) ?? store.DefaultStyle;
        var subjects = ParsePrecisions(parsed.GetValue(Precision))!
            .Select(p => new BenchSubject(p.ToString().ToLowerInvariant(), store.GetStylizer(style, p))).ToList();

        var codec = new ImageCodec();
        var photoFolder = parsed.GetValue(Photos);
        var folderPhotos = photoFolder is null ? [] : InputCollector.Collect([photoFolder], recursive: false).Items;
        if (photoFolder is not null && folderPhotos.Count == 0) throw new ArgumentException($"no photos in {photoFolder}");
        var photoPath = parsed.GetValue(Photo) ?? folderPhotos.FirstOrDefault()?.Path;
        var photo = LoadPhoto(photoPath, codec);

        var machine = MachineInfo.Current();
        console.MarkupLineInterpolated($"[grey]{machine}[/]");
        var threads = inference.Threads == 0 ? "threads: one per core" : $"{inference.Threads} threads";
        console.MarkupLineInterpolated(
            $"[grey]{style}, {string.Join(" and ", subjects.Select(s => s.Name))}, {inference.Device}, {threads}, {settings.Runs} runs after {settings.Warmup} warm-up, photo: {photoPath ?? "synthetic"}[/]");

        if (subjects.Count > 1)
            console.MarkupLine("[grey]Peak memory counts every precision this process has loaded; bench one precision for its own figure.[/]");
        var converter = new PhotoConverter(codec);
        var measurements = new List<SizeMeasurement>();
        foreach (var measurement in new GeneratorBenchmark(converter).Measure(subjects, photo, settings))
        {
            measurements.Add(measurement);
            console.MarkupLineInterpolated($"[grey]  {measurement.Subject} {measurement.Size}²: model {measurement.ModelMs} ms, end to end {measurement.EndToEndMs} ms[/]");
        }

        var portrait = new List<SizeMeasurement>();
        if (parsed.GetValue(Portrait) is { } portraitPath)
        {
            var painter = new FacePainter(store);
            painter.Prepare(new FaceSettings(), subjects[0].Stylizer);
            foreach (var measurement in new GeneratorBenchmark(new PhotoConverter(codec, painter)).Measure(subjects, LoadPhoto(portraitPath, codec), settings))
            {
                portrait.Add(measurement);
                console.MarkupLineInterpolated(
                    $"[grey]  {measurement.Subject} {measurement.Size}² with face2paint ({measurement.Faces} face(s)): end to end {measurement.EndToEndMs} ms[/]");
            }
        }

        var quality = new List<QualityMeasurement>();
        var fp32 = subjects.FirstOrDefault(s => s.Name == "fp32");
        var int8 = subjects.FirstOrDefault(s => s.Name == "int8");
        if (fp32 is not null && int8 is not null && folderPhotos.Count > 0)
            foreach (var size in settings.Sizes)
            {
                quality.Add(QualityComparison.Measure(fp32.Stylizer, int8.Stylizer, folderPhotos.Select(p => p.Path).ToList(), size, codec));
                console.MarkupLineInterpolated($"[grey]  int8 against fp32 at {size}: PSNR {quality[^1].MeanPsnr:F2} dB[/]");
            }

        var batches = new List<(string Subject, IReadOnlyList<ThroughputMeasurement> Results)>();
        var batchSize = parsed.GetValue(Batch);
        if (batchSize > 0)
            foreach (var subject in subjects)
            {
                var photos = folderPhotos.Take(batchSize).ToList();
                batches.Add((subject.Name, BatchThroughput.Compare(photos, converter, subject.Stylizer,
                    new ConversionSettings(), [1, BatchConverter.PipelineDepth], rounds: 2)));
                console.MarkupLineInterpolated($"[grey]  {subject.Name} folder of {photos.Count}: {string.Join(", ", batches[^1].Results.Select(r => $"depth {r.Depth} {r.ImagesPerSecond} images/s"))}[/]");
            }

        var tuning = new List<SizeMeasurement>();
        if (parsed.GetValue(Tuning))
        {
            var alternatives = SessionTuning.Alternatives(inference)
                .Select(a => new BenchSubject(a.Name, new Stylizer(subjects[0].Stylizer.ModelPath, a.Settings))).ToList();
            try
            {
                foreach (var measurement in new GeneratorBenchmark(converter).Measure(alternatives, photo, settings with { EndToEnd = false }))
                {
                    tuning.Add(measurement with { PeakMb = null });
                    console.MarkupLineInterpolated($"[grey]  {subjects[0].Name} {measurement.Subject} {measurement.Size}²: model {measurement.ModelMs} ms[/]");
                }
            }
            finally
            {
                foreach (var alternative in alternatives) alternative.Stylizer.Dispose();
            }
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                machine,
                settings = new { style, device = inference.Device.ToString().ToLowerInvariant(), inference.Threads, settings.Sizes, settings.Runs, settings.Warmup, photo = photoPath ?? "synthetic" },
                results = measurements,
                portrait = portrait.Count == 0 ? null : portrait,
                quality,
                batch = batches.Select(b => new { subject = b.Subject, results = b.Results }),
                tuning = tuning.Count == 0 ? null : new { precision = subjects[0].Name, results = tuning },
            }, JsonOptions));
            return ExitCodes.Success;
        }
        foreach (var line in MarkdownReport.Lines(measurements, portrait, quality, batches, tuning)) Console.Out.WriteLine(line);
        return ExitCodes.Success;
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
