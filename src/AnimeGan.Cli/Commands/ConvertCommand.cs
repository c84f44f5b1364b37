using System.CommandLine;
using AnimeGan.Cli.Batch;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Looks;
using AnimeGan.Models;
using AnimeGan.Options;
using AnimeGan.Pipeline;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>`animegan convert INPUT... [-o FILE|DIR] [options]`.</summary>
internal sealed class ConvertCommand(CliConsole console, CommonOptions common)
{
    private readonly Argument<string[]> _inputs = new("INPUT")
    {
        Description = "Photos, folders or glob patterns (\"photos/*.jpg\", \"**/*.png\")",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<string?> _output = new("--output", "-o")
    {
        Description = "Output file (one input) or folder. Default: beside each photo as NAME_STYLE.EXT",
        HelpName = "FILE|DIR",
    };

    private readonly Option<string?> _model = new("--model", "-m")
    {
        Description = "Paint with this style generator file (ONNX) instead of a registered style",
        HelpName = "FILE",
    };

    private readonly Option<string?> _preset = new("--preset")
    {
        Description = "A named style and look (see `animegan presets`); options given as well override its values",
        HelpName = "NAME",
    };

    private readonly Option<string?> _presetFile = CommonOptions.PresetFile();

    private readonly Option<bool> _faceDebug = new("--face-debug")
    {
        Description = "Also write NAME.faces.png beside each output, with the faces' boxes, landmarks and masks drawn",
    };

    private readonly Option<int> _threads = CommonOptions.Threads();
    private readonly Option<string> _precision = CommonOptions.Precision();
    private readonly Option<string> _device = CommonOptions.Device();
    private readonly Option<bool> _json = CommonOptions.Json();

    private readonly Option<bool> _recursive = new("--recursive", "-r")
    {
        Description = "Walk folders recursively",
    };

    private readonly Option<bool> _overwrite = new("--overwrite")
    {
        Description = "Replace outputs that already exist",
    };

    private readonly Option<bool> _inPlace = new("--in-place")
    {
        Description = "Allow an output to be its own photo, which it then replaces (refused otherwise, even with --overwrite)",
    };

    private readonly Option<double> _maxMegapixels = new("--max-megapixels")
    {
        Description = "Refuse photos larger than this (checked before decoding)",
        HelpName = "MP",
        DefaultValueFactory = _ => ImageLimits.DefaultMaxPixels / 1e6,
        Validators = { result => CommonOptions.RequireRange(result, 0.01, 1000.0) },
    };

    private readonly SettingsOptions _settings = new(ConversionOptions.ForPhotos);

    public Command Create()
    {
        var command = new Command("convert", "Convert photos to anime style")
        {
            _inputs, _output, _model, _preset, _presetFile, _threads, _precision, _device, _recursive, _overwrite, _inPlace, _maxMegapixels, _json, _faceDebug,
        };
        foreach (var option in _settings.Options) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (result.GetResult(_settings.OptionFor(ConversionOptions.StyleName)) is not null && result.GetResult(_model) is not null)
                result.AddError("use either --style or --model, not both");
            if (result.GetResult(_model) is not null && result.GetValue(_precision) == "int8")
                result.AddError("--precision int8 picks the quantized model of a --style; with --model, name the INT8 file itself");
        });
        command.SetAction((parsed, cancellation) => Task.FromResult(Run(parsed, cancellation)));
        return command;
    }

    private int Run(ParseResult parsed, CancellationToken cancellation)
    {
        var json = parsed.GetValue(_json);
        var human = json ? console.Error : console.Out;
        var inputs = InputCollector.Collect(parsed.GetValue(_inputs)!, parsed.GetValue(_recursive));
        foreach (var missing in inputs.Missing)
            console.Error.MarkupLineInterpolated($"[red]error:[/] no such file or folder: {missing}");
        if (inputs.Missing.Count > 0) return ExitCodes.UsageError;
        foreach (var skipped in inputs.Skipped)
            console.Error.MarkupLineInterpolated($"[yellow]warning:[/] skipping {skipped}: not an image");
        if (inputs.Items.Count == 0)
        {
            console.Error.MarkupLine("[yellow]warning:[/] no images to convert");
            return ExitCodes.Success;
        }

        var preset = parsed.GetValue(_preset) is { } presetName ? PresetCatalog.Load(parsed.GetValue(_presetFile)).Require(presetName) : null;
        var settings = _settings.Apply(parsed, new ConversionSettings { Style = preset?.Style, Look = preset?.Look ?? LookSettings.None });
        settings = settings with { Faces = settings.Faces with { Debug = parsed.GetValue(_faceDebug) } };

        using var store = new ModelStore(common.Directories(parsed), new InferenceSettings
        {
            Threads = parsed.GetValue(_threads),
            ConcurrentRuns = 1,
            Device = CommonOptions.DeviceOf(parsed.GetValue(_device)),
        });
        var modelFile = parsed.GetValue(_model);
        var styleTag = modelFile is not null ? Path.GetFileNameWithoutExtension(modelFile)
            : OutputName.Tag(_settings.IsGiven(parsed, ConversionOptions.StyleName) ? settings.Style : null, preset?.Name, settings.Style ?? store.DefaultStyle);
        var planner = new OutputPlanner(parsed.GetValue(_output), inputs.IsSingleFile, styleTag);
        settings = settings with { Format = ChooseFormat(settings.Format, _settings.IsGiven(parsed, ConversionOptions.Format), planner) };
        settings = WithoutUnavailableFaces(parsed, store, settings);

        var builder = new FramePipelineBuilder(store, CommonOptions.PrecisionOf(parsed.GetValue(_precision)));
        var generator = modelFile is null ? null : store.GetImageModelForFile(modelFile, ContractProbe.Probe(modelFile, ModelContract.Generator));
        var pipeline = builder.Build(settings, generator);
        var codec = new ImageCodec(new ImageLimits { MaxPixels = (long)(parsed.GetValue(_maxMegapixels) * 1e6) });
        var depth = inputs.Items.Count > 1 ? BatchConverter.PipelineDepth : 1;

        var batch = new BatchConverter(new PhotoConverter(codec), pipeline, planner, parsed.GetValue(_overwrite), depth, parsed.GetValue(_inPlace));
        var records = batch.Run(inputs.Items, human, record =>
        {
            if (json) console.StdOut.WriteLine(record.ToJson());
        }, cancellation);

        var failed = records.Count(r => r.Status == ConversionRecord.Failed);
        var converted = records.Count(r => r.Status == ConversionRecord.Converted);
        human.MarkupLineInterpolated($"{converted} converted, {records.Count - converted - failed} skipped, {failed} failed");
        cancellation.ThrowIfCancellationRequested();
        return failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
    }

    /// <summary>
    /// Face protection is on by default, so when its models are simply not installed it steps aside with
    /// a warning (conversion still works); asked for with --faces, or with a --face-style, it is required.
    /// </summary>
    private ConversionSettings WithoutUnavailableFaces(ParseResult parsed, ModelStore store, ConversionSettings settings)
    {
        if (!settings.Faces.Enabled || settings.Faces.Style is not null || _settings.IsGiven(parsed, ConversionOptions.FacesOn)) return settings;
        try
        {
            store.GetFaceModels();
            return settings;
        }
        catch (ModelNotFoundException e)
        {
            console.Error.MarkupLineInterpolated($"[yellow]warning:[/] converting without face protection: {e.Message}");
            return settings with { Faces = settings.Faces with { Enabled = false } };
        }
    }

    /// <summary>The format -o's extension asks for, which --format may repeat but not contradict; else --format's.</summary>
    private static OutputFormat? ChooseFormat(OutputFormat? requested, bool given, OutputPlanner planner)
    {
        if (!planner.OutputIsFile) return requested;
        var fromName = planner.FormatFromOutputName()
                       ?? throw new ArgumentException("the output file must end in .jpg, .jpeg, .png or .webp");
        if (given && requested is not null && requested != fromName)
            throw new ArgumentException($"--format {requested.Value.ToString().ToLowerInvariant()} contradicts the output file's extension");
        return fromName;
    }
}
