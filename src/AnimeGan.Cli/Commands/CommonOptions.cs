using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using AnimeGan.Inference;
using AnimeGan.Models;

namespace AnimeGan.Cli.Commands;

/// <summary>Options several commands share; one set per command line, since an option belongs to the commands it was added to.</summary>
internal sealed class CommonOptions
{
    public Option<string?> Models { get; } = new("--models")
    {
        Description = $"Model directory, searched first (then ${ModelDirectories.EnvironmentVariable}, then ~/.cache/animegan/models)",
        HelpName = "DIR",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print machine-readable JSON on stdout",
    };

    public static Option<string?> PresetFile() => new("--preset-file")
    {
        Description = "A JSON file of your own presets, added to the built-in ones (see docs/LOOK.md)",
        HelpName = "FILE",
    };

    public static Option<int> Threads(string description = "Inference threads (0 = one per core)") => new("--threads")
    {
        Description = description,
        HelpName = "N",
        Validators = { result => RequireRange(result, 0, 256) },
    };

    public static Option<string> Precision() => new Option<string>("--precision")
    {
        Description = "Generator precision: fp32, or int8 (the quantized model made by `animegan models quantize`; styles whose INT8 is measured no faster keep FP32: see `animegan styles`)",
        DefaultValueFactory = _ => "fp32",
    }.AcceptOnlyFromAmong("fp32", "int8");

    public static Option<string> Device() => new Option<string>("--device")
    {
        Description = "Where the models run: cpu, or cuda (an NVIDIA GPU; needs a build with -p:AnimeGanGpu=true)",
        DefaultValueFactory = _ => "cpu",
    }.AcceptOnlyFromAmong("cpu", "cuda");

    public static ModelPrecision PrecisionOf(string? value) =>
        Enum.TryParse<ModelPrecision>(value, ignoreCase: true, out var precision) ? precision : ModelPrecision.Fp32;

    public static InferenceDevice DeviceOf(string? value) =>
        Enum.TryParse<InferenceDevice>(value, ignoreCase: true, out var device) ? device : InferenceDevice.Cpu;

    public ModelDirectories Directories(ParseResult parsed) => ModelDirectories.Resolve(parsed.GetValue(Models));

    /// <summary>Adds a parse error when a numeric option is outside [min, max] (NaN is outside every range).</summary>
    public static void RequireRange<T>(OptionResult result, T min, T max) where T : INumber<T> =>
        Require<T>(result, value => value >= min && value <= max, $"{min} to {max}");

    /// <summary>Adds a parse error when a numeric option's value is not <paramref name="valid"/>; <paramref name="bounds"/> says what is.</summary>
    public static void Require<T>(OptionResult result, Func<T, bool> valid, string bounds) where T : INumber<T>
    {
        // A token that is not a number at all is reported by the parser itself; reading it here would throw.
        if (result.Tokens.Count > 0 && !T.TryParse(result.Tokens[^1].Value, CultureInfo.InvariantCulture, out _)) return;
        var value = result.GetValueOrDefault<T>();
        if (!valid(value))
            result.AddError($"{result.Option.Name} must be {bounds}, not {value}");
    }
}
