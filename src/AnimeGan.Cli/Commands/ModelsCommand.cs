using System.CommandLine;
using System.Text.Json;
using AnimeGan.Models;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>`animegan models` lists what is installed and where it was looked for; `animegan models add` installs a file.</summary>
internal sealed class ModelsCommand(CliConsole console, CommonOptions common)
{
    private readonly Argument<string> _file = new("FILE") { Description = "An ONNX model file" };

    private readonly Option<string?> _name = new("--name", "-n")
    {
        Description = "Style name to register it under (default: from the file name)",
        HelpName = "NAME",
    };

    private readonly Option<int?> _sizeMultiple = new("--size-multiple")
    {
        Description = "Sides the model needs to be a multiple of (default: found by running it on small images)",
        HelpName = "N",
        Validators = { result => CommonOptions.Require<int>(result, n => n is >= 1 and <= 256 && (n & (n - 1)) == 0, "a power of two from 1 to 256") },
    };

    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<bool> _listJson = CommonOptions.Json();

    public Command Create()
    {
        var add = new Command("add", "Check an ONNX model and install it into the model directory") { _file, _name, _sizeMultiple };
        add.SetAction(Add);
        var list = new Command("list", "List models and where they are looked for") { _listJson };
        list.SetAction(List);
        var models = new Command("models", "List (default), add or quantize models") { _json, list, add, new QuantizeCommand(console, common).Create() };
        models.SetAction(List);
        return models;
    }

    private int List(ParseResult parsed)
    {
        var directories = common.Directories(parsed);
        using var store = new ModelStore(directories);
        var rows = store.Registry.Entries.Select(entry => (Entry: entry, Path: store.Locate(entry),
            Int8: entry.Kind == ModelKind.Generator ? store.LocateQuantized(entry) : null)).ToList();
        if (parsed.GetValue(_json) || parsed.GetValue(_listJson))
        {
            var document = new
            {
                directories = directories.Searched.Select(d => new { path = d.Path, origin = d.Origin, exists = Directory.Exists(d.Path) }),
                models = rows.Select(r => new
                {
                    name = r.Entry.Name,
                    kind = JsonNamingPolicy.KebabCaseLower.ConvertName(r.Entry.Kind.ToString()),
                    file = r.Entry.File,
                    present = r.Path is not null,
                    path = r.Path,
                    int8Path = r.Int8,
                    sha256 = r.Entry.Sha256,
                    licence = r.Entry.Licence,
                    source = r.Entry.Source,
                    userAdded = r.Entry.UserAdded,
                }),
            };
            console.StdOut.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("Name", "Kind", "Status", "File", "Licence");
        foreach (var (entry, path, int8) in rows)
            table.AddRow(
                Markup.Escape(entry.Name),
                JsonNamingPolicy.KebabCaseLower.ConvertName(entry.Kind.ToString()),
                (path is null ? "[red]missing[/]" : "[green]present[/]") + (int8 is null ? "" : ", int8"),
                Markup.Escape(path ?? entry.File),
                Markup.Escape(entry.Licence));
        console.Out.Write(table);
        console.Out.MarkupLine("Model directories searched, in order:");
        foreach (var directory in directories.Searched)
            console.Out.MarkupLineInterpolated($"  {directory.Path} [grey]({directory.Origin}{(Directory.Exists(directory.Path) ? "" : ", does not exist")})[/]");
        if (rows.Any(r => r.Path is null))
            console.Out.MarkupLine("Install a missing model with: [bold]animegan models add FILE[/]");
        console.Out.MarkupLine("Sources and checksums: [bold]animegan models --json[/]; the styles' looks: [bold]animegan styles[/]");
        return ExitCodes.Success;
    }

    private int Add(ParseResult parsed)
    {
        var directories = common.Directories(parsed);
        var (entry, installed) = ModelInstaller.Add(directories, parsed.GetValue(_file)!, parsed.GetValue(_name), parsed.GetValue(_sizeMultiple));
        console.Out.MarkupLineInterpolated($"[green]✓[/] installed {entry.Name} ({entry.Kind}) as {installed}");
        return ExitCodes.Success;
    }
}
