using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AnimeGan.Models;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>`animegan styles`: the looks a picture can be painted in, with what each does, how fast it is, its licence, and whether it is installed.</summary>
internal sealed class StylesCommand(CliConsole console, CommonOptions common)
{
    private readonly Option<bool> _json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("styles", "List the styles: their look, speed, licence, and whether they are installed") { _json };
        command.SetAction(List);
        return command;
    }

    private int List(ParseResult parsed)
    {
        using var store = new ModelStore(common.Directories(parsed));
        var styles = store.Registry.Generators.Select(entry => (Entry: entry, Installed: store.Locate(entry) is not null,
            Int8: store.LocateQuantized(entry) is not null)).ToList();
        if (parsed.GetValue(_json))
        {
            console.StdOut.WriteLine(JsonSerializer.Serialize(new
            {
                @default = store.DefaultStyle,
                styles = styles.Select(s => new
                {
                    name = s.Entry.Name, title = s.Entry.DisplayName, description = s.Entry.Description, speed = s.Entry.Speed,
                    licence = s.Entry.Licence, installed = s.Installed, int8 = s.Int8, int8TimeRatio = s.Entry.Int8TimeRatio, int8Pays = s.Entry.Int8Pays,
                    sizeMultiple = s.Entry.Contract.SizeMultiple,
                }),
            }, new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Success;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Style", "Look", "Speed", "INT8", "Licence", "Status");
        foreach (var (entry, installed, int8) in styles)
            table.AddRow(
                $"[bold]{Markup.Escape(entry.DisplayName)}[/]\n[grey]--style {Markup.Escape(entry.Name)}[/]",
                Markup.Escape(entry.Description),
                Markup.Escape(entry.Speed ?? ""),
                Int8Text(entry),
                Markup.Escape(entry.Licence),
                (installed ? "[green]installed[/]" : "[red]missing[/]") + (int8 ? ", int8" : ""));
        console.Out.Write(table);
        console.Out.MarkupLineInterpolated($"Default: {store.DefaultStyle}. Use one with: [bold]animegan convert photo.jpg --style NAME[/] (faces: --face-style NAME)");
        return ExitCodes.Success;
    }

    private static string Int8Text(ModelEntry entry) => entry switch
    {
        { Int8TimeRatio: null } => "not measured",
        { Int8Pays: true } => string.Create(CultureInfo.InvariantCulture, $"{1 / entry.Int8TimeRatio:0.0}× faster"),
        _ => "no faster: runs FP32",
    };
}
