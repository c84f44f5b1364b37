using System.CommandLine;
using AnimeGan.Cli.Batch;
using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>`animegan convert INPUT... [-o FILE|DIR] [options]`.</summary>
internal static class ConvertCommand
{
    private static readonly Argument<string[]> Inputs = new("INPUT")
    {
        Description = "Photos, folders or glob patterns (\"photos/*.jpg\", \"**/*.png\")",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Output file (one input) or folder. Default: beside each photo as NAME_STYLE.EXT",
        HelpName = "FILE|DIR",
    };

    private static readonly Option<string?> Style = new("--style", "-s")
    {
        Description = "Registered style (see `animegan models`)",
        HelpName = "NAME",
    };

    private static readonly Option<string?> Model = new("--model", "-m")
    {
        Description = "Use this AnimeGANv2-family ONNX file instead of a registered style",
        HelpName = "FILE",
    };

    private static readonly Option<string?> Format = new Option<string?>("--format", "-f")
    {
        Description = "Output format (default: from -o, else the input's, else jpg)",
    }.AcceptOnlyFromAmong("jpg", "jpeg", "png", "webp");

    private static readonly Option<int> Threads = CommonOptions.Threads();

    private static readonly Option<string> Precision = CommonOptions.Precision();

    private static readonly Option<string> Device = CommonOptions.Device();

    private static readonly Option<bool> Recursive = new("--recursive", "-r")
    {
        Description = "Walk folders recursively",
    };

    private static readonly Option<bool> Overwrite = new("--overwrite")
    {
        Description = "Replace outputs that already exist",
    };

    private static readonly Option<double> MaxMegapixels = new("--max-megapixels")
    {
        Description = "Refuse photos larger than this (checked before decoding)",
        HelpName = "MP",
        DefaultValueFactory = _ => ImageLimits.DefaultMaxPixels / 1e6,
        Validators = { result => CommonOptions.RequireRange(result, 0.01, 1000.0) },
    };

    private static readonly LookOptions Look = new();

    private static readonly FaceOptions Faces = new();

    /// <summary>The option groups that shape the picture; a new feature adds its group here.</summary>
    private static readonly ISettingsOptions[] SettingsGroups = [new SizeOptions(), Look, Faces];

    public static Command Create()
    {
        var command = new Command("convert", "Convert photos to anime style")
        {
            Inputs, Output, Style, Model, Format, Threads, Recursive, Overwrite, MaxMegapixels, CommonOptions.Json,
            Precision, Device,
        };
        foreach (var option in SettingsGroups.SelectMany(group => group.Options)) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (result.GetResult(Style) is not null && result.GetResult(Model) is not null)
                result.AddError("use either --style or --model, not both");
            if (result.GetResult(Model) is not null && result.GetValue(Precision) == "int8")
                result.AddError("--precision int8 picks the quantized model of a --style; with --model, name the INT8 file itself");
        });
        command.SetAction((parsed, cancellation) => Task.FromResult(Run(parsed, cancellation)));
        return command;
    }

    private static int Run(ParseResult parsed, CancellationToken cancellation)
    {
        var json = parsed.GetValue(CommonOptions.Json);
        var console = json ? Terminal.Error : Terminal.Out;
        var inputs = InputCollector.Collect(parsed.GetValue(Inputs)!, parsed.GetValue(Recursive));
        foreach (var missing in inputs.Missing)
            Terminal.Error.MarkupLineInterpolated($"[red]error:[/] no such file or folder: {missing}");
        if (inputs.Missing.Count > 0) return ExitCodes.UsageError;
        foreach (var skipped in inputs.Skipped)
            Terminal.Error.MarkupLineInterpolated($"[yellow]warning:[/] skipping {skipped}: not an image");
        if (inputs.Items.Count == 0)
        {
            Terminal.Error.MarkupLine("[yellow]warning:[/] no images to convert");
            return ExitCodes.Success;
        }

        var modelFile = parsed.GetValue(Model);
        var depth = inputs.Items.Count > 1 ? BatchConverter.PipelineDepth : 1;
        using var store = new ModelStore(CommonOptions.Directories(parsed), new InferenceSettings
        {
            Threads = parsed.GetValue(Threads),
            ConcurrentRuns = 1,
            Device = CommonOptions.DeviceOf(parsed.GetValue(Device)),
        });
        var preset = Look.Preset(parsed);
        var style = parsed.GetValue(Style) ?? preset?.Style ?? store.DefaultStyle;
        var styleTag = modelFile is not null ? Path.GetFileNameWithoutExtension(modelFile) : parsed.GetValue(Style) ?? preset?.Name ?? style;
        var planner = new OutputPlanner(parsed.GetValue(Output), inputs.IsSingleFile, styleTag);
        var settings = SettingsGroups.Aggregate(
            new ConversionSettings { Format = ChooseFormat(parsed.GetValue(Format), planner) },
            (current, group) => group.Apply(parsed, current));
        var precision = CommonOptions.PrecisionOf(parsed.GetValue(Precision));
        var stylizer = modelFile is null ? store.GetStylizer(style, precision) : store.GetStylizerForFile(modelFile);
        var faces = new FacePainter(store, precision: precision);
        settings = Faces.Prepare(parsed, faces, settings, stylizer);
        var codec = new ImageCodec(new ImageLimits { MaxPixels = (long)(parsed.GetValue(MaxMegapixels) * 1e6) });

        var batch = new BatchConverter(new PhotoConverter(codec, faces), stylizer, settings, planner, parsed.GetValue(Overwrite), depth);
        var records = batch.Run(inputs.Items, console, record =>
        {
            if (json) Console.Out.WriteLine(record.ToJson());
        }, cancellation);

        var failed = records.Count(r => r.Status == ConversionRecord.Failed);
        var converted = records.Count(r => r.Status == ConversionRecord.Converted);
        console.MarkupLineInterpolated($"{converted} converted, {records.Count - converted - failed} skipped, {failed} failed");
        return failed > 0 || cancellation.IsCancellationRequested ? ExitCodes.SomeFailed : ExitCodes.Success;
    }

    private static OutputFormat? ChooseFormat(string? requested, OutputPlanner planner)
    {
        OutputFormat? fromOption = OutputFormats.TryParse(requested, out var parsedFormat) ? parsedFormat : null;
        if (!planner.OutputIsFile) return fromOption;
        var fromName = planner.FormatFromOutputName()
                       ?? throw new ArgumentException("the output file must end in .jpg, .jpeg, .png or .webp");
        if (fromOption is not null && fromOption != fromName)
            throw new ArgumentException($"--format {requested} contradicts the output file's extension");
        return fromName;
    }
}
