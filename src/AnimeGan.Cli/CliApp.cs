using System.CommandLine;
using AnimeGan.Cli.Commands;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using Spectre.Console;

namespace AnimeGan.Cli;

/// <summary>The `animegan` command line: parsing, dispatch, and the mapping of failures to exit codes.</summary>
public static class CliApp
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("AnimeGAN.NET: turn photos into anime-style pictures with AnimeGANv2.")
        {
            CommonOptions.Models,
            ConvertCommand.Create(),
            ModelsCommand.Create(),
            PresetsCommand.Create(),
            ServeCommand.Create(),
            BenchCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Terminal.Error.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            Terminal.Error.MarkupLineInterpolated($"Run '{CommandPath(parsed)} --help' for usage.");
            return ExitCodes.UsageError;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is UnknownModelException or ModelNotFoundException or ModelLoadException
                                      or ModelSignatureException or ArgumentException or InvalidDataException
                                      or DeviceUnavailableException)
        {
            Terminal.Error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is ImageRejectedException or IOException or UnauthorizedAccessException)
        {
            Terminal.Error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.SomeFailed;
        }
    }

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command is RootCommand ? "animegan" : result.Command.Name);
        return string.Join(' ', names);
    }
}

/// <summary>Consoles for people: stdout, and stderr (used for everything human when stdout carries JSON).</summary>
internal static class Terminal
{
    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    public static IAnsiConsole Error { get; } = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>Plain text into files and pipes (and under NO_COLOR), colour and live progress on a terminal.</summary>
    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var plain = redirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
        });
    }
}
