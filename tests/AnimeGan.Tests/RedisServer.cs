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

    /// <param name="persistent">Keep the data across a stop (an append-only file synced every second), as a production Redis would.</param>
    public RedisServer(bool persistent = false)
    {
        _persistent = persistent;
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
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
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
