using System.Diagnostics;
using AnimeGan.Cli;

namespace AnimeGan.Tests.Cli;

public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}

/// <summary>Runs the `animegan` command line: the real executable (built next to the tests) in an isolated environment, or in-process.</summary>
public static class CliRunner
{
    public static CliResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static CliResult Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"animegan {string.Join(' ', args)} did not finish");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// The command line run in this process, for what needs no process of its own (usage errors, help,
    /// listings): it shares this process's environment and current folder, so pass absolute paths.
    /// </summary>
    public static CliResult InProcess(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = new CliApp(new CliConsole(stdout, stderr)).Run(args);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Starts the program and leaves it running, its output redirected, for commands that do not end by themselves.</summary>
    public static Process Start(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "animegan"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Nothing from the developer's machine leaks in: no model path, a private user cache.
        start.Environment.Remove("ANIMEGAN_MODELS");
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(workingDirectory, ".cache");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return Process.Start(start)!;
    }
}
