using System.CommandLine;
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

    public static void RequireRange(System.CommandLine.Parsing.OptionResult result, int min, int max)
    {
        var value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
            result.AddError($"{result.Option.Name} must be {min} to {max}, not {value}");
    }
}
