using Spectre.Console;

namespace AnimeGan.Cli;

/// <summary>
/// Where a command writes: stdout for results (JSON lines with --json), and consoles for people on
/// stdout and stderr (stderr carries everything human when stdout carries JSON). Made per run, so a
/// test can run the command line in-process and read what it wrote.
/// </summary>
public sealed class CliConsole
{
    public CliConsole(TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal = false, bool stderrIsTerminal = false)
    {
        StdOut = stdout;
        Out = Create(stdout, stdoutIsTerminal);
        Error = Create(stderr, stderrIsTerminal);
    }

    /// <summary>The process's own streams.</summary>
    public static CliConsole System() => new(Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsErrorRedirected);

    /// <summary>Plain stdout, for machine-readable output.</summary>
    public TextWriter StdOut { get; }

    public IAnsiConsole Out { get; }

    public IAnsiConsole Error { get; }

    /// <summary>Plain text into files and pipes (and under NO_COLOR), colour and live progress on a terminal.</summary>
    private static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var plain = !terminal || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
        });
        // A file or a pipe has no width: a message stays on one line there, whole for grep and logs.
        if (!terminal) console.Profile.Width = 1000;
        return console;
    }
}
