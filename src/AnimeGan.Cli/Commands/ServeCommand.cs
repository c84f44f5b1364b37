using System.CommandLine;
using AnimeGan.Server;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>`animegan serve`: the web page and the HTTP API, until Ctrl+C.</summary>
internal sealed class ServeCommand(CliConsole console, CommonOptions common)
{
    private readonly Option<string?> _urls = new("--urls")
    {
        Description = "Addresses to listen on, separated by ';' (default: http://127.0.0.1:5000)",
        HelpName = "URL",
    };

    private readonly Option<int?> _workers = new("--workers")
    {
        Description = "Photos converted at once (default: 1, using every core)",
        HelpName = "N",
        Validators = { result => CommonOptions.RequireRange(result, 1, 64) },
    };

    private readonly Option<string?> _samples = new("--samples")
    {
        Description = "Folder of sample photos for the page's gallery",
        HelpName = "DIR",
    };

    private readonly Option<string?> _redis = new("--redis")
    {
        Description = "Share jobs with other replicas through this Redis (host:port, or a connection string with password=…, ssl=true)",
        HelpName = "HOST:PORT",
    };

    private readonly Option<string> _precision = CommonOptions.Precision();

    private readonly Option<int> _threads = CommonOptions.Threads("Inference threads per worker (default: cores ÷ workers)");

    private readonly Option<string?> _presetFile = CommonOptions.PresetFile();

    private readonly Option<LogFormat?> _logFormat = new("--log-format")
    {
        Description = "text: a readable line per event (the default); json: one JSON object per line, every field apart, for log collectors",
        HelpName = "text|json",
    };

    public Command Create()
    {
        var command = new Command("serve", "Serve the web page and the HTTP API")
        {
            _urls, _workers, _samples, _threads, _precision, _presetFile, _logFormat, _redis,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellation)
    {
        try
        {
            await using var app = ServerApp.Build(options =>
            {
                if (parsed.GetValue(_urls) is { } urls) options.Urls = urls;
                if (parsed.GetValue(common.Models) is { } models) options.Models = models;
                if (parsed.GetValue(_workers) is { } workers) options.Workers = workers;
                if (parsed.GetValue(_samples) is { } samples) options.Samples = samples;
                if (parsed.GetResult(_threads) is not null) options.Threads = parsed.GetValue(_threads);
                if (parsed.GetResult(_precision) is not null) options.Precision = CommonOptions.PrecisionOf(parsed.GetValue(_precision));
                if (parsed.GetValue(_presetFile) is { } presets) options.PresetFile = presets;
                if (parsed.GetValue(_logFormat) is { } format) options.LogFormat = format;
                if (parsed.GetValue(_redis) is { } redis) options.Redis = redis;
            });
            await app.StartAsync(cancellation);
            await app.WaitForShutdownAsync(cancellation);
            return ExitCodes.Success;
        }
        catch (IOException e)
        {
            // An address already in use, a samples folder that is not there, a Redis that cannot be reached: the set-up is wrong, nothing was served.
            console.Error.MarkupLineInterpolated($"[red]error:[/] cannot start the server: {e.Message}");
            return ExitCodes.UsageError;
        }
    }
}
