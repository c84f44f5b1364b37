using System.CommandLine;
using AnimeGan.Cli.Batch;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Quantization;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>`animegan models quantize --style NAME --calibrate DIR [--out FILE]`: the INT8 model that --precision int8 runs.</summary>
internal sealed class QuantizeCommand(CliConsole console, CommonOptions common)
{
    private readonly Option<string?> _style = new("--style", "-s")
    {
        Description = "Registered style to quantize (default: the first generator)",
        HelpName = "NAME",
    };

    private readonly Option<string> _calibrate = new("--calibrate")
    {
        Description = "Folder of typical photos; the activations are measured on them (10–50 photos is plenty)",
        HelpName = "DIR",
        Required = true,
    };

    private readonly Option<string?> _out = new("--out", "-o")
    {
        Description = "Where to write the INT8 model (default: NAME.int8.onnx in the first model directory, where --precision int8 finds it)",
        HelpName = "FILE",
    };

    private readonly Option<double> _percentile = new("--percentile")
    {
        Description = "Activation range per photo: this percentile and its mirror; 100 is min–max",
        HelpName = "P",
        DefaultValueFactory = _ => new CalibrationSettings().Percentile,
        Validators = { result => CommonOptions.Require<double>(result, CalibrationSettings.IsValidPercentile, CalibrationSettings.PercentileBounds) },
    };

    private readonly Option<int> _size = new("--calibration-size")
    {
        Description = "Long side the calibration photos are resampled to",
        HelpName = "N",
        DefaultValueFactory = _ => new CalibrationSettings().Size,
        Validators = { result => CommonOptions.RequireRange(result, 64, 2048) },
    };

    private readonly Option<string[]> _keepFloat = new("--keep-float")
    {
        Description = "Convolutions to leave in float, named by their output tensor",
        HelpName = "TENSOR",
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<int> _threads = CommonOptions.Threads();

    public Command Create()
    {
        var command = new Command("quantize", "Make the INT8 model of a style (static quantization, calibrated on your photos)")
        {
            _style, _calibrate, _out, _percentile, _size, _keepFloat, _threads,
        };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult parsed)
    {
        var inference = new InferenceSettings { Threads = parsed.GetValue(_threads) };
        using var store = new ModelStore(common.Directories(parsed), inference);
        var entry = store.RequireEntry(parsed.GetValue(_style) ?? store.DefaultStyle, ModelKind.Generator);
        var source = store.RequireFile(entry);

        var folder = parsed.GetValue(_calibrate)!;
        if (!Directory.Exists(folder)) throw new ArgumentException($"--calibrate needs a folder of photos; {folder} is not one");
        var inputs = InputCollector.Collect([folder], recursive: false);
        foreach (var skipped in inputs.Skipped)
            console.Error.MarkupLineInterpolated($"[yellow]warning:[/] skipping {skipped}: not an image");
        var photos = inputs.Items.Select(i => i.Path).ToList();
        if (photos.Count == 0) throw new ArgumentException($"no photos in {folder} ({ImageCodec.AcceptedFormatsText})");

        var output = Path.GetFullPath(parsed.GetValue(_out) ?? Path.Combine(store.Directories.InstallDirectory.Path, QuantizedModels.FileName(entry.File)));
        var calibration = new CalibrationSettings { Percentile = parsed.GetValue(_percentile), Size = parsed.GetValue(_size) };
        var options = new QuantizationOptions
        {
            Calibration = calibration,
            KeepFloat = (parsed.GetValue(_keepFloat) ?? []).ToHashSet(),
            Inference = inference,
            Contract = entry.Contract,
        };

        console.Error.MarkupLineInterpolated($"Calibrating {entry.Name} on {photos.Count} photos at {calibration.Size} px…");
        var progress = new Pipeline.InlineProgress<int>(done => console.Error.MarkupLineInterpolated($"  [grey]{done}/{photos.Count}[/]"));
        var report = GeneratorQuantizer.Quantize(source, GeneratorQuantizer.LoadPhotos(photos, calibration.Size, new ImageCodec(), entry.Contract.SizeMultiple,
            (photo, e) => console.Error.MarkupLineInterpolated($"[yellow]warning:[/] skipping {photo}: {e.Message}")), output, options, progress);

        console.Out.MarkupLineInterpolated(
            $"[green]✓[/] {entry.Name}: {report.QuantizedConvolutions} convolutions in INT8 ({report.Calibration}) → {report.OutputPath} in {report.Elapsed.TotalSeconds:F0} s");
        if (report.FloatConvolutions.Count > 0)
            console.Out.MarkupLineInterpolated($"  kept in float: {string.Join(", ", report.FloatConvolutions)}");
        if (!entry.Int8Pays)
            console.Out.MarkupLineInterpolated(
                $"[yellow]note:[/] {entry.Name}'s INT8 model was measured no faster than its FP32 one here ({entry.Int8TimeRatio:0.00}× the time at 1024 px, BENCHMARKS.md), so --precision int8 runs FP32 for it; `animegan bench --style {entry.Name} --precision fp32,int8` measures it on this machine");
        var found = store.Directories.Find(QuantizedModels.FileName(entry.File));
        console.Out.MarkupLine(found is not null && Path.GetFullPath(found) == report.OutputPath
            ? $"Use it with: [bold]animegan convert PHOTO --style {Markup.Escape(entry.Name)} --precision int8[/]"
            : $"--precision int8 looks for {Markup.Escape(QuantizedModels.FileName(entry.File))} in the model directories; move it there or use [bold]--model {Markup.Escape(report.OutputPath)}[/]");
        return ExitCodes.Success;
    }
}
