namespace AnimeGan.IO;

/// <summary>
/// Writes a file so that an interrupted or failed write never leaves half a file under the final name:
/// the bytes go to a hidden temporary name beside the target, which is then moved into place (a rename
/// within one folder). A write that fails deletes its temporary file.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, byte[] bytes)
    {
        var temporary = TemporaryNameFor(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporary);
            throw new IOException($"cannot write {path}: {Reason(e, temporary)}", e);
        }
    }

    /// <summary>
    /// Fails now, with the error <see cref="Write"/> would give later, when <paramref name="path"/> is a
    /// folder or its folder cannot be created or take a new file. Creates the folder; leaves no file behind.
    /// </summary>
    public static void RequireWritable(string path)
    {
        if (Directory.Exists(path)) throw new IOException($"cannot write {path}: it is a folder");
        var temporary = TemporaryNameFor(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
            using (new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write {path}: {Reason(e, temporary)}", e);
        }
    }

    /// <summary>Why a write failed, in words that name the file the user asked for, never the hidden temporary one.</summary>
    private static string Reason(Exception e, string temporary) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "its folder cannot be created",
        _ => e.Message.Replace($"'{temporary}'", "it", StringComparison.Ordinal).Replace(temporary, "it", StringComparison.Ordinal),
    };

    private static string TemporaryNameFor(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.partial");
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write already failed; that error is the one to report.
        }
    }
}
