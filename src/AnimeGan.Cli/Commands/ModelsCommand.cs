using System.CommandLine;
using System.Text.Json;
using AnimeGan.Models;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>`animegan models` lists what is installed and where it was looked for; `animegan models add` installs a file.</summary>
internal static class ModelsCommand
{
    private static readonly Argument<string> File = new("FILE") { Description = "An ONNX model file" };

    private static readonly Option<string?> Name = new("--name", "-n")
    {
        Description = "Style name to register it under (default: from the file name)",
        HelpName = "NAME",
    };

    public static Command Create()
    {
        var add = new Command("add", "Check an ONNX model and install it into the model directory") { File, Name };
        add.SetAction(Add);
        var list = new Command("list", "List models and where they are looked for") { CommonOptions.Json };
        list.SetAction(List);
        var models = new Command("models", "List (default), add or quantize models") { CommonOptions.Json, list, add, QuantizeCommand.Create() };
        models.SetAction(List);
        return models;
    }

    private static int List(ParseResult parsed)
    {
        var directories = CommonOptions.Directories(parsed);
        using var store = new ModelStore(directories);
        var rows = store.Registry.Entries.Select(entry => (Entry: entry, Path: store.Locate(entry),
            Int8: entry.Kind == ModelKind.Generator ? store.LocateQuantized(entry) : null)).ToList();
        if (parsed.GetValue(CommonOptions.Json))
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
            Console.Out.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("Name", "Kind", "Status", "File");
        foreach (var (entry, path, int8) in rows)
            table.AddRow(
                Markup.Escape(entry.Name),
                JsonNamingPolicy.KebabCaseLower.ConvertName(entry.Kind.ToString()),
                (path is null ? "[red]missing[/]" : "[green]present[/]") + (int8 is null ? "" : ", int8"),
                Markup.Escape(path ?? entry.File));
        Terminal.Out.Write(table);
        Terminal.Out.MarkupLine("Model directories searched, in order:");
        foreach (var directory in directories.Searched)
            Terminal.Out.MarkupLineInterpolated($"  {directory.Path} [grey]({directory.Origin}{(Directory.Exists(directory.Path) ? "" : ", does not exist")})[/]");
        if (rows.Any(r => r.Path is null))
            Terminal.Out.MarkupLine("Install a missing model with: [bold]animegan models add FILE[/]");
        Terminal.Out.MarkupLine("Licences and sources: [bold]animegan models --json[/]");
        return ExitCodes.Success;
    }

    private static int Add(ParseResult parsed)
    {
        var directories = CommonOptions.Directories(parsed);
        var (entry, installed) = ModelInstaller.Add(directories, parsed.GetValue(File)!, parsed.GetValue(Name));
        Terminal.Out.MarkupLineInterpolated($"[green]✓[/] installed {entry.Name} ({entry.Kind}) as {installed}");
        return ExitCodes.Success;
    }
}
