using System.ComponentModel;
using System.Diagnostics;

namespace AnimeGan.Video;

/// <summary>ffmpeg or ffprobe cannot be found or started; the message says how to install it.</summary>
public sealed class FfmpegMissingException(string message) : Exception(message);

/// <summary>A video the product cannot use: not a video, broken, no picture in it, over a limit.</summary>
public sealed class VideoRejectedException(string message, bool overLimit = false) : Exception(message)
{
    /// <summary>Refused for its size or length (413 on the web), not for what it is (422).</summary>
    public bool OverLimit { get; } = overLimit;
}

/// <summary>
/// Where ffmpeg and ffprobe are: the folder or executable given (--ffmpeg, ANIMEGAN_FFMPEG), else the
/// PATH. A thin wrapper, not a library: the product runs two kinds of command lines (decode to raw
/// frames, encode from them), and its errors quote ffmpeg's own last lines.
/// </summary>
public sealed class Ffmpeg
{
    public const string EnvironmentVariable = "ANIMEGAN_FFMPEG";
    private const string Install = "install it (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg), or give its folder with --ffmpeg DIR or ANIMEGAN_FFMPEG";

    private Ffmpeg(string ffmpeg, string ffprobe) => (FfmpegPath, FfprobePath) = (ffmpeg, ffprobe);

    public string FfmpegPath { get; }
    public string FfprobePath { get; }

    /// <summary>The tools in <paramref name="location"/> (a folder, or the ffmpeg executable), else from ANIMEGAN_FFMPEG, else on the PATH.</summary>
    public static Ffmpeg Find(string? location = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        location ??= environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(location))
        {
            var folder = Directory.Exists(location) ? location : Path.GetDirectoryName(Path.GetFullPath(location))!;
            var (ffmpeg, ffprobe) = (Path.Combine(folder, "ffmpeg"), Path.Combine(folder, "ffprobe"));
            if (File.Exists(ffmpeg) && File.Exists(ffprobe)) return new Ffmpeg(ffmpeg, ffprobe);
            throw new FfmpegMissingException($"ffmpeg and ffprobe are not both in {folder}; {Install}");
        }
        var onPath = (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string? Locate(string tool) => onPath.Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);
        return (Locate("ffmpeg"), Locate("ffprobe")) is ({ } foundFfmpeg, { } foundFfprobe)
            ? new Ffmpeg(foundFfmpeg, foundFfprobe)
            : throw new FfmpegMissingException($"video needs ffmpeg and ffprobe, which are not on the PATH; {Install}");
    }

    /// <summary>Starts a tool with its stdin, stdout and stderr ours; stderr is read in the background for error messages.</summary>
    internal FfmpegProcess Start(bool probe, IEnumerable<string> arguments) =>
        new(probe ? FfprobePath : FfmpegPath, arguments);
}

/// <summary>
/// One running ffmpeg or ffprobe: its pipes, the last lines it wrote to stderr (for messages), and a
/// Dispose that kills it (and anything it started) when it has not ended, so no process outlives a
/// cancelled or failed conversion.
/// </summary>
internal sealed class FfmpegProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastErrors = new();
    private readonly Task _stderr;

    public FfmpegProcess(string executable, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            _process = Process.Start(start) ?? throw new FfmpegMissingException($"{executable} did not start");
        }
        catch (Win32Exception e)
        {
            throw new FfmpegMissingException($"{executable} cannot be started: {e.Message}");
        }
        _stderr = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
                lock (_lastErrors)
                {
                    _lastErrors.Enqueue(line);
                    if (_lastErrors.Count > 8) _lastErrors.Dequeue();
                }
        });
    }

    public Stream Input => _process.StandardInput.BaseStream;
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>What the tool said last on stderr, one line.</summary>
    public string LastError
    {
        get
        {
            _stderr.Wait(TimeSpan.FromSeconds(2));
            lock (_lastErrors) return string.Join(" ", _lastErrors.Where(l => l.Trim().Length > 0).TakeLast(3)).Trim();
        }
    }

    /// <summary>Waits for the end; its exit code.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellation)
    {
        await _process.WaitForExitAsync(cancellation);
        await _stderr;
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }
}
