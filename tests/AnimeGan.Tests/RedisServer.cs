using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AnimeGan.Tests;

/// <summary>
/// A real redis-server (Debian's, installed by .ci/run) on a free loopback port, with a temporary folder
/// and no persistence unless asked; stopped and its folder deleted on dispose. It can be stopped and started again on
/// the same port, as an outage.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("animegan-redis-").FullName;
    private Process? _process;

    private readonly bool _persistent;
    private readonly string? _password;

    /// <param name="persistent">Keep the data across a stop (an append-only file synced every second), as a production Redis would.</param>
    /// <param name="password">Require this password of clients (requirepass).</param>
    public RedisServer(bool persistent = false, string? password = null)
    {
        (_persistent, _password) = (persistent, password);
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    /// <summary>What `serve --redis` takes.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public void Start()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", _persistent ? "yes" : "no", "--dir", _folder })
            start.ArgumentList.Add(arg);
        if (_password is not null) start.ArgumentList.Add("--requirepass");
        if (_password is not null) start.ArgumentList.Add(_password);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Answers())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"redis-server did not start on port {Port}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Kills the server (SIGKILL): its data is gone, as with a crash, unless it is persistent (then the last second's may be).</summary>
    public void Stop()
    {
        if (_process is null) return;
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[64];
            var read = stream.Read(buffer);
            // A server that wants a password answers, but with NOAUTH: it is up all the same.
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.StartsWith("+PONG", StringComparison.Ordinal) || answer.StartsWith("-NOAUTH", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
