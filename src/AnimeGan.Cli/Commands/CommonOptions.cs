using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using AnimeGan.Models;

namespace AnimeGan.Cli.Commands;

/// <summary>Options every command shares.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Models = new("--models")
    {
        Description = $"Model directory, searched first (then ${ModelDirectories.EnvironmentVariable}, then ~/.cache/animegan/models)",
        HelpName = "DIR",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print machine-readable JSON on stdout",
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "Inference threads (0 = one per core)",
        HelpName = "N",
        Validators = { result => RequireRange(result, 0, 256) },
    };

    public static ModelDirectories Directories(ParseResult parsed) =>
        ModelDirectories.Resolve(parsed.GetValue(Models));

    /// <summary>Adds a parse error when a numeric option is outside [min, max].</summary>
    public static void RequireRange<T>(OptionResult result, T min, T max) where T : INumber<T>
    {
        // A token that is not a number at all is reported by the parser itself; reading it here would throw.
        if (result.Tokens.Count > 0 && !T.TryParse(result.Tokens[^1].Value, CultureInfo.InvariantCulture, out _)) return;
        var value = result.GetValueOrDefault<T>();
        if (value < min || value > max)
            result.AddError($"{result.Option.Name} must be {min} to {max}, not {value}");
    }
}
