using System.Text.RegularExpressions;
using AnimeGan.Imaging;
using AnimeGan.Video;

namespace AnimeGan.Cli.Batch;

/// <summary>One photo to convert. <see cref="Folder"/> is set when it was found by walking a folder argument.</summary>
internal sealed record BatchItem(string Path, string? Folder)
{
    /// <summary>The path below its folder argument ("trip/beach.jpg"), or the file name.</summary>
    public string RelativePath => Folder is null ? System.IO.Path.GetFileName(Path) : System.IO.Path.GetRelativePath(Folder, Path);
}

/// <summary>The batch an argument list describes, and what was passed over on the way.</summary>
internal sealed record CollectedInputs(IReadOnlyList<BatchItem> Items, IReadOnlyList<string> Skipped, IReadOnlyList<string> Missing)
{
    /// <summary>A single file named on the command line (the case where -o may name the output file).</summary>
    public bool IsSingleFile => Items is [{ Folder: null }] && Skipped.Count == 0;
}

/// <summary>Expands files, folders (optionally recursive) and glob patterns into the photos, or clips, to convert.</summary>
internal static class InputCollector
{
    /// <summary>Photos (or, with <paramref name="videos"/>, clips): files as named, folders walked, patterns matched.</summary>
    public static CollectedInputs Collect(IEnumerable<string> arguments, bool recursive, bool videos = false)
    {
        Func<string, bool> wanted = videos
            ? VideoFiles.HasVideoExtension
            : ImageCodec.IsAcceptedImage;
        var items = new List<BatchItem>();
        var skipped = new List<string>();
        var missing = new List<string>();
        foreach (var argument in arguments)
        {
            if (File.Exists(argument))
                items.Add(new BatchItem(Path.GetFullPath(argument), null));
            else if (Directory.Exists(argument))
                Add(Walk(argument, recursive), Path.GetFullPath(argument), wanted, items, skipped);
            else if (argument.IndexOfAny(['*', '?']) >= 0)
            {
                var matches = Glob(argument).ToList();
                if (matches.Count == 0) missing.Add(argument);
                Add(matches, null, wanted, items, skipped);
            }
            else
                missing.Add(argument);
        }
        return new CollectedInputs(items.DistinctBy(i => i.Path).ToList(), skipped, missing);
    }

    private static void Add(IEnumerable<string> files, string? folder, Func<string, bool> wanted, List<BatchItem> items, List<string> skipped)
    {
        foreach (var file in files)
        {
            if (wanted(file)) items.Add(new BatchItem(Path.GetFullPath(file), folder));
            else skipped.Add(file);
        }
    }

    private static IEnumerable<string> Walk(string folder, bool recursive) =>
        Directory.EnumerateFiles(folder, "*", new EnumerationOptions
        {
            RecurseSubdirectories = recursive,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        }).Order(StringComparer.Ordinal);

    /// <summary>Matches "*" and "?" within a path segment and "**" across segments.</summary>
    private static IEnumerable<string> Glob(string pattern)
    {
        var separator = pattern.Replace('\\', '/');
        var firstWildcard = separator.IndexOfAny(['*', '?']);
        var baseEnd = separator.LastIndexOf('/', firstWildcard);
        var baseDirectory = baseEnd < 0 ? "." : separator[..Math.Max(baseEnd, 1)];
        var relativePattern = separator[(baseEnd + 1)..];
        if (!Directory.Exists(baseDirectory)) return [];
        var regex = new Regex("^" + Regex.Escape(relativePattern)
            .Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$");
        var recursive = relativePattern.Contains('/') || relativePattern.Contains("**");
        return Walk(baseDirectory, recursive)
            .Where(file => regex.IsMatch(Path.GetRelativePath(baseDirectory, file).Replace('\\', '/')));
    }
}
