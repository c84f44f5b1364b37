using System.Text.RegularExpressions;
using AnimeGan.Imaging;

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

/// <summary>Expands files, folders (optionally recursive) and glob patterns into the photos to convert.</summary>
internal static class InputCollector
{
    public static CollectedInputs Collect(IEnumerable<string> arguments, bool recursive)
    {
        var items = new List<BatchItem>();
        var skipped = new List<string>();
        var missing = new List<string>();
        foreach (var argument in arguments)
        {
            if (File.Exists(argument))
                items.Add(new BatchItem(Path.GetFullPath(argument), null));
            else if (Directory.Exists(argument))
                AddImages(Walk(argument, recursive), Path.GetFullPath(argument), items, skipped);
            else if (argument.IndexOfAny(['*', '?']) >= 0)
            {
                var matches = Glob(argument).ToList();
                if (matches.Count == 0) missing.Add(argument);
                AddImages(matches, null, items, skipped);
            }
            else
                missing.Add(argument);
        }
        return new CollectedInputs(items.DistinctBy(i => i.Path).ToList(), skipped, missing);
    }

    private static void AddImages(IEnumerable<string> files, string? folder, List<BatchItem> items, List<string> skipped)
    {
        foreach (var file in files)
        {
            if (ImageCodec.IsAcceptedImage(file)) items.Add(new BatchItem(Path.GetFullPath(file), folder));
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
