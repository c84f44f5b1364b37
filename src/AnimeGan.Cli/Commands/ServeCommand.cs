using System.CommandLine;
using AnimeGan.Server;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>`animegan serve`: the web page and the HTTP API, until Ctrl+C.</summary>
internal static class ServeCommand
{
    private static readonly Option<string?> Urls = new("--urls")
    {
        Description = "Addresses to listen on, separated by ';' (default: http://127.0.0.1:5000)",
        HelpName = "URL",
    };

    private static readonly Option<int?> Workers = new("--workers")
    {
        Description = "Photos converted at once (default: 1, using every core)",
        HelpName = "N",
        Validators = { result => CommonOptions.RequireRange(result, 1, 64) },
    };

    private static readonly Option<string?> Samples = new("--samples")
    {
        Description = "Folder of sample photos for the page's gallery",
        HelpName = "DIR",
    };

    private static readonly Option<string> Precision = CommonOptions.Precision();

    private static readonly Option<int> Threads = WithDescription(CommonOptions.Threads(), "Inference threads per worker (default: cores ÷ workers)");

    private static Option<int> WithDescription(Option<int> option, string description)
    {
        option.Description = description;
        return option;
    }

    public static Command Create()
    {
        var command = new Command("serve", "Serve the web page and the HTTP API")
        {
            Urls, Workers, Samples, Threads, Precision, LookOptions.PresetFile,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellation)
    {
        try
        {
            await using var app = ServerApp.Build(options =>
            {
                if (parsed.GetValue(Urls) is { } urls) options.Urls = urls;
                if (parsed.GetValue(CommonOptions.Models) is { } models) options.Models = models;
                if (parsed.GetValue(Workers) is { } workers) options.Workers = workers;
                if (parsed.GetValue(Samples) is { } samples) options.Samples = samples;
                if (parsed.GetResult(Threads) is not null) options.Threads = parsed.GetValue(Threads);
                if (parsed.GetResult(Precision) is not null) options.Precision = CommonOptions.PrecisionOf(parsed.GetValue(Precision));
                if (parsed.GetValue(LookOptions.PresetFile) is { } presets) options.PresetFile = presets;
            });
            await app.StartAsync(cancellation);
            await app.WaitForShutdownAsync(cancellation);
            return ExitCodes.Success;
        }
        catch (IOException e)
        {
            // An address already in use, a samples folder that is not there: the set-up is wrong, nothing was served.
            Terminal.Error.MarkupLineInterpolated($"[red]error:[/] cannot start the server: {e.Message}");
            return ExitCodes.UsageError;
        }
    }
}
