using System.Runtime.InteropServices;

namespace AnimeGan.IO;

/// <summary>
/// Whether two paths name one file, whatever symbolic links, "./" or "../" they go through. .NET only
/// resolves a link at the end of a path; the C library's realpath resolves every part of it.
/// </summary>
public static partial class SameFile
{
    public static bool Is(string a, string b) => string.Equals(Canonical(a), Canonical(b), StringComparison.Ordinal);

    /// <summary>The path with every link and "." or ".." resolved; for a file not yet there, its folder's resolved, its name kept.</summary>
    public static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows()) return full;
        if (Resolve(full) is { } resolved) return resolved;
        var folder = Path.GetDirectoryName(full);
        return folder is null ? full : Path.Combine(Resolve(folder) ?? folder, Path.GetFileName(full));
    }

    private static string? Resolve(string path)
    {
        var resolved = realpath(path, 0);
        if (resolved == 0) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Marshal.FreeHGlobal(resolved); // realpath's buffer comes from malloc, which FreeHGlobal frees on Unix
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint realpath(string path, nint resolved);
}
