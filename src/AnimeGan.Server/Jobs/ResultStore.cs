using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

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

    private const string Prefix = "animegan-";
    private const string OwnerFile = ".owner";

    /// <summary>Held open, unshared, for the life of the process: while it is, the folder is alive (see <see cref="RemoveOrphans"/>).</summary>
    private readonly FileStream _owner;

    public ResultStore(ILogger<ResultStore> logger)
    {
        var parent = Path.GetTempPath();
        foreach (var orphan in RemoveOrphans(parent))
            logger.LogWarning("removed the scratch folder {Folder} of a server that is no longer running (its uploads and results with it)", orphan);
        Root = Path.Combine(parent, Prefix + NewId());
        CreatePrivateDirectory(Root);
        _owner = Own(Root) ?? throw new IOException($"cannot take the scratch folder {Root} for this server");
    }

    public string Root { get; }

    /// <summary>
    /// Deletes the scratch folders of servers that died without cleaning up (killed, crashed): folders
    /// named like ours whose owner file no live process holds. Returns what it deleted.
    /// </summary>
    internal static IReadOnlyList<string> RemoveOrphans(string parent)
    {
        var removed = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(parent, Prefix + "*"))
        {
            var name = Path.GetFileName(folder);
            if (name.Length != Prefix.Length + 32 || !name[Prefix.Length..].All(char.IsAsciiHexDigitLower)) continue;
            // A folder without its owner file yet may be a server starting this moment.
            if (!File.Exists(Path.Combine(folder, OwnerFile)) && Directory.GetCreationTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-1)) continue;
            using (var owner = Own(folder))
                if (owner is null) continue; // alive: its server holds the owner file
            DeleteDirectory(folder);
            removed.Add(folder);
        }
        return removed;
    }

    /// <summary>The folder's owner file, held exclusively; null while another process holds it.</summary>
    private static FileStream? Own(string folder)
    {
        try
        {
            return new FileStream(Path.Combine(folder, OwnerFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null; // another user's folder: not ours to judge
        }
    }

    /// <summary>128 random bits in hex: unguessable, and safe in a path.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string CreateJobDirectory(string jobId)
    {
        var directory = Path.Combine(Root, jobId);
        CreatePrivateDirectory(directory);
        return directory;
    }

    /// <summary>A new path for an upload received before its job exists (a clip is checked on disk first); the job moves it into its folder.</summary>
    public string StagingPath() => Path.Combine(Root, NewId() + ".incoming");

    /// <summary>A new path for a ZIP of results, made for one download (its stream deletes it).</summary>
    public string ArchivePath() => Path.Combine(Root, NewId() + ".zip");

    /// <summary>Writes a new file readable by the server's user only; never replaces one.</summary>
    public static void WriteFile(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = CreateFile(path);
        stream.Write(bytes);
    }

    /// <summary>Copies <paramref name="source"/> into a new file readable by the server's user only.</summary>
    public static async Task WriteFileAsync(string path, Stream source, CancellationToken cancellation)
    {
        await using var stream = CreateFile(path);
        await source.CopyToAsync(stream, cancellation);
    }

    private static FileStream CreateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        return new FileStream(path, options);
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

    public void Dispose()
    {
        _owner.Dispose();
        DeleteDirectory(Root);
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnlyDirectory);
    }
}
