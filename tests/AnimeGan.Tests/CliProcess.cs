using System.Diagnostics;

namespace AnimeGan.Tests;

/// <summary>Runs the real `animegan` command (built beside the tests) in its own process, as a user would.</summary>
public static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Out, string Error);

    public static Outcome Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NO_COLOR"] = "1" },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "animegan.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"animegan {string.Join(' ', arguments)} ran for over 2 minutes");
        }
        return new Outcome(process.ExitCode, output, error.Result);
    }
}
