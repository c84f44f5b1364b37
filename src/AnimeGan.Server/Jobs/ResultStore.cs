using System.Security.Cryptography;

namespace AnimeGan.Server.Jobs;

/// <summary>
/// The server's private scratch directory: one folder per job, named by the job's random id, holding
/// its uploads until they are converted and its results until the job expires. Readable by the
/// server's own user only, and removed when the server stops. Every path in it is made here from
/// server-chosen ids and indexes; nothing a client sends becomes part of one.
/// </summary>
public sealed class ResultStore : IDisposable
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public ResultStore() : this(Path.GetTempPath())
    {
    }

    public ResultStore(string parent)
    {
        Root = Path.Combine(parent, "animegan-" + NewId());
        CreatePrivateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>128 random bits in hex: unguessable, and safe in a path.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string CreateJobDirectory(string jobId)
    {
        var directory = Path.Combine(Root, jobId);
        CreatePrivateDirectory(directory);
        return directory;
    }

    /// <summary>Writes a new file readable by the server's user only; never replaces one.</summary>
    public static void WriteFile(string path, ReadOnlySpan<byte> bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        using var stream = new FileStream(path, options);
        stream.Write(bytes);
    }

    public static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: deleting twice (cancel racing expiry) is fine.
        }
    }

    public void Dispose() => DeleteDirectory(Root);

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnlyDirectory);
    }
}
