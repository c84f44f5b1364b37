using AnimeGan.Server.Api;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;

namespace AnimeGan.Server.Jobs.Redis;

/// <summary>
/// The one connection of this replica to the shared Redis, made while the server is built: a server
/// that cannot reach its back-end never starts listening (<see cref="JobBackendUnavailableException"/>,
/// which `serve` answers with exit 2). Once running, the connection re-establishes itself after a loss;
/// meanwhile commands fail at once rather than queue, so requests are answered 503 instead of hanging.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly ConnectionMultiplexer _multiplexer;

    public RedisConnection(ServerOptions options)
    {
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(options.Redis!);
        }
        catch (ArgumentException e)
        {
            throw new JobBackendUnavailableException($"the Redis address '{options.Redis}' cannot be read: {e.Message}");
        }
        configuration.AbortOnConnectFail = true; // at start only: later losses are reconnected
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new LinearRetry(500);
        configuration.ConnectTimeout = 5000;
        configuration.ClientName = $"animegan-{Environment.MachineName}-{Environment.ProcessId}";
        // The addresses only: a connection string may carry a password, which no message repeats.
        Name = $"Redis at {string.Join(", ", configuration.EndPoints.Select(EndPointName))}";
        try
        {
            _multiplexer = ConnectionMultiplexer.Connect(configuration);
        }
        catch (RedisConnectionException e)
        {
            throw new JobBackendUnavailableException($"the job back-end ({Name}) cannot be reached: {FirstLine(e.Message)}");
        }
    }

    /// <summary>"Redis at host:port", for messages: what a person needs to find it, nothing secret.</summary>
    public string Name { get; }

    public IDatabase Database => _multiplexer.GetDatabase();

    public ISubscriber Subscriber => _multiplexer.GetSubscriber();

    public bool IsConnected => _multiplexer.IsConnected;

    /// <summary>Whether <paramref name="e"/> says Redis cannot be reached now (rather than that a command was wrong).</summary>
    public static bool IsOutage(Exception e) => e is RedisConnectionException or RedisTimeoutException or ObjectDisposedException;

    /// <summary>Runs a request's Redis commands; an outage is answered as 503 naming the back-end, not as a 500.</summary>
    public async Task<T> Guard<T>(Func<Task<T>> commands)
    {
        try
        {
            return await commands();
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw new BackendUnavailableException(Name);
        }
    }

    public void Dispose() => _multiplexer.Dispose();

    private static string EndPointName(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "?",
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}

/// <summary>The job back-end cannot be reached at start: nothing is served (`serve` exits 2 with this message).</summary>
public sealed class JobBackendUnavailableException(string message) : IOException(message);

/// <summary>The shared job back-end is unreachable now (503): the request was not taken; try again once it is back.</summary>
public sealed class BackendUnavailableException(string backend)
    : ApiProblemException(new(StatusCodes.Status503ServiceUnavailable, "Job back-end unavailable",
        $"the job back-end ({backend}) cannot be reached; try again shortly"))
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
}
