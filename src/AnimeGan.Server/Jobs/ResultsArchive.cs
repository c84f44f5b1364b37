using System.IO.Compression;
using AnimeGan.Server.Api;
using Microsoft.AspNetCore.Http;

namespace AnimeGan.Server.Jobs;

/// <summary>
/// The finished results of one or more jobs as one ZIP, each under its download name. Stored, not
/// deflated: JPEG, PNG, WebP and MP4 are compressed already. Written to a scratch file that goes when
/// the response has sent it, so a job full of clips is never held in memory.
/// </summary>
public static class ResultsArchive
{
    /// <param name="entries">Each result with the name it is downloaded under; a file of this server's, or bytes from the back-end.</param>
    public static FileStream Build(IReadOnlyList<(string Name, JobResult Result)> entries, string scratchPath)
    {
        if (entries.Count == 0)
            throw new ApiProblemException(new(StatusCodes.Status409Conflict, "Nothing to download", "no photo or clip of this job is converted yet"));

        var stream = new FileStream(scratchPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (name, result) in entries)
                {
                    var entryName = Unique(name, names);
                    if (result.Path is { } path)
                    {
                        zip.CreateEntryFromFile(path, entryName, CompressionLevel.NoCompression);
                        continue;
                    }
                    using var entry = zip.CreateEntry(entryName, CompressionLevel.NoCompression).Open();
                    entry.Write(result.Bytes);
                }
            }
            stream.Position = 0;
            return stream;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            stream.Dispose();
            throw new UnknownJobException(); // deleted while it was being packed
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Two photos of the same name (chosen twice, or from two folders) stay apart: "beach_hayao (2).jpg".</summary>
    private static string Unique(string name, HashSet<string> taken)
    {
        var unique = name;
        for (var copy = 2; !taken.Add(unique); copy++) unique = $"{Path.GetFileNameWithoutExtension(name)} ({copy}){Path.GetExtension(name)}";
        return unique;
    }
}
