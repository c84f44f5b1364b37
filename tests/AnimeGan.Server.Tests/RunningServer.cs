using System.Collections.Concurrent;
using AnimeGan.Server.Jobs;
using AnimeGan.Tests.Looks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Tests;

/// <summary>
/// The real server, on Kestrel at a free 127.0.0.1 port, with the shared models and sample photos.
/// Its log lines are kept in <see cref="Logs"/> instead of going to the console.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(WebApplication app, Uri address, LogCapture logs)
    {
        App = app;
        Address = address;
        Logs = logs;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(3) };
    }

    public WebApplication App { get; }
    public Uri Address { get; }
    public HttpClient Client { get; }
    public LogCapture Logs { get; }

    public string ScratchRoot => App.Services.GetRequiredService<ResultStore>().Root;

    public static async Task<RunningServer> StartAsync(Action<ServerOptions>? configure = null)
    {
        var logs = new LogCapture();
        var app = ServerApp.Build(options =>
        {
            options.Urls = "http://127.0.0.1:0";
            options.Models = TestData.Models;
            options.Samples = Path.Combine(TestData.Shared, "images");
            configure?.Invoke(options);
        }, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(logs);
        });
        await app.StartAsync();
        return new RunningServer(app, new Uri(app.Urls.Single()), logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Keeps every log line written, for tests that check what the server logs.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner._lines.Enqueue(formatter(state, exception));
        }
    }
}

/// <summary>
/// The server most tests share, started once: default options, plus an operator's preset file
/// (<see cref="OperatorPreset"/>: the Hayao style with a LUT on the server that swaps red and blue).
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string OperatorPreset = "swapped";
    public const string OperatorLut = "swap-red-blue.cube";

    private readonly string _presets = Directory.CreateTempSubdirectory("animegan-presets-").FullName;

    public RunningServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_presets, OperatorLut), CubeText.SwapRedBlue());
        var presetFile = Path.Combine(_presets, "presets.json");
        await File.WriteAllTextAsync(presetFile, $$"""
            { "presets": [ { "name": "{{OperatorPreset}}", "style": "hayao", "description": "Red and blue swapped",
                             "look": { "lut": "{{OperatorLut}}" } } ] }
            """);
        Server = await RunningServer.StartAsync(options => options.PresetFile = presetFile);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_presets, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "shared server";
}
