using System.CommandLine;
using AnimeGan.Cli.Commands;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using Spectre.Console;

namespace AnimeGan.Cli;

/// <summary>The `animegan` command line: parsing, dispatch, and the mapping of failures to exit codes.</summary>
public sealed class CliApp(CliConsole console)
{
    /// <param name="args">The command line.</param>
    /// <param name="signals">Ctrl-C and SIGTERM, when the process has them to give; a test runs without.</param>
    public int Run(string[] args, TerminationSignals? signals = null)
    {
        var common = new CommonOptions();
        var root = new RootCommand("AnimeGAN.NET: turn photos into anime pictures: Hayao, Shinkai, Cute, Cartoon and more styles.")
        {
            common.Models,
            new ConvertCommand(console, common).Create(),
            new VideoCommand(console, common).Create(),
            new StylesCommand(console, common).Create(),
            new ModelsCommand(console, common).Create(),
            new PresetsCommand(console, common).Create(),
            new ServeCommand(console, common).Create(),
            new BenchCommand(console, common).Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) console.Error.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            console.Error.MarkupLineInterpolated($"Run '{CommandPath(parsed)} --help' for usage.");
            return ExitCodes.UsageError;
        }
        var stop = signals?.Token ?? CancellationToken.None;
        try
        {
            return parsed.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = console.StdOut,
                // The signals are ours (TerminationSignals): System.CommandLine would kill the process two seconds after one.
                ProcessTerminationTimeout = null,
            }, stop).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            console.Error.MarkupLine("cancelled: the photo in flight was abandoned; nothing partial was written");
            return signals!.ExitCode;
        }
        catch (Exception e) when (e is UnknownModelException or ModelNotFoundException or ModelLoadException
                                      or ModelSignatureException or ArgumentException or InvalidDataException
                                      or DeviceUnavailableException or Video.FfmpegMissingException)
        {
            console.Error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is ImageRejectedException or IOException or UnauthorizedAccessException)
        {
            console.Error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
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
