using AnimeGan.Imaging;
using AnimeGan.Pipeline;

namespace AnimeGan.Cli.Batch;

/// <summary>
/// Decides where each result goes.
/// <list type="bullet">
/// <item>-o FILE (one input file, a path with an extension that is not a folder): exactly there.</item>
/// <item>-o DIR: DIR/name.ext, keeping the sub-folders of a folder argument.</item>
/// <item>no -o: beside the photo as name_STYLE.ext; a folder argument goes to a sibling folder FOLDER_STYLE.</item>
/// </list>
/// Two inputs that would land on the same file (a.jpg and a.png) keep their source extension in the name.
/// </summary>
internal sealed class OutputPlanner
{
    private readonly string? _output;
    private readonly bool _outputIsFile;
    private readonly string _styleTag;
    private readonly HashSet<string> _planned = new(StringComparer.Ordinal);

    public OutputPlanner(string? output, bool singleFileInput, string styleTag)
    {
        _output = output is null ? null : Path.GetFullPath(output);
        _outputIsFile = output is not null && singleFileInput && !Directory.Exists(output)
                        && !output.EndsWith('/') && Path.HasExtension(output);
        _styleTag = styleTag;
    }

    /// <summary>The format the -o file name asks for, when -o names a file.</summary>
    public OutputFormat? FormatFromOutputName() => _outputIsFile ? OutputFormats.FromPath(_output!) : null;

    /// <summary>The -o file, when -o names one.</summary>
    public string? OutputFile => _outputIsFile ? _output : null;

    public bool OutputIsFile => _outputIsFile;

    public string Plan(BatchItem item, OutputFormat format) => Plan(item, format.Extension());

    /// <summary>The output for <paramref name="item"/>, with <paramref name="extension"/> (".mp4") unless -o names the file.</summary>
    public string Plan(BatchItem item, string extension)
    {
        if (_outputIsFile) return _output!;
        var relative = item.RelativePath;
        var subFolder = Path.GetDirectoryName(relative) ?? "";
        var stem = Path.GetFileNameWithoutExtension(relative);
        string directory, name;
        if (_output is not null)
        {
            directory = Path.Combine(_output, subFolder);
            name = stem;
        }
        else if (item.Folder is not null)
        {
            directory = Path.Combine(OutputName.Tagged(item.Folder.TrimEnd('/'), _styleTag), subFolder);
            name = stem;
        }
        else
        {
            directory = Path.GetDirectoryName(item.Path)!;
            name = OutputName.Tagged(stem, _styleTag);
        }
        var path = Path.Combine(directory, name + extension);
        if (!_planned.Add(path))
        {
            path = Path.Combine(directory, $"{name}_{Path.GetExtension(item.Path).TrimStart('.')}{extension}");
            _planned.Add(path);
        }
        return path;
    }
}
