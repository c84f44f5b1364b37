using System.CommandLine;
using System.Text.Json;
using AnimeGan.Looks;
using AnimeGan.Models;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>`animegan presets`: the named style + look bundles, built-in and the user's own, and whether their style is installed.</summary>
internal sealed class PresetsCommand(CliConsole console, CommonOptions common)
{
    private readonly Option<string?> _presetFile = CommonOptions.PresetFile();
    private readonly Option<bool> _json = CommonOptions.Json();

    public Command Create()
    {
        var command = new Command("presets", "List the presets usable with `convert --preset NAME`") { _presetFile, _json };
        command.SetAction(List);
        return command;
    }

    private int List(ParseResult parsed)
    {
        var catalog = PresetCatalog.Load(parsed.GetValue(_presetFile));
        using var store = new ModelStore(common.Directories(parsed));
        var rows = catalog.Presets.Select(preset => (Preset: preset, Available: store.Registry.Find(preset.Style) is { } entry && store.Locate(entry) is not null)).ToList();
        if (parsed.GetValue(_json))
        {
            var document = new
            {
                presets = rows.Select(r => new
                {
                    name = r.Preset.Name,
                    style = r.Preset.Style,
                    description = r.Preset.Description,
                    look = r.Preset.Look,
                    builtIn = r.Preset.BuiltIn,
                    available = r.Available,
                }),
            };
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
            console.StdOut.WriteLine(JsonSerializer.Serialize(document, options));
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("Preset", "Style", "Look", "Description");
        foreach (var (preset, available) in rows)
            table.AddRow(
                Markup.Escape(preset.Name) + (preset.BuiltIn ? "" : " [grey](yours)[/]"),
                Markup.Escape(preset.Style) + (available ? "" : " [red](missing)[/]"),
                Markup.Escape(preset.Look.Describe()),
                Markup.Escape(preset.Description));
        console.Out.Write(table);
        console.Out.MarkupLine("Use one with: [bold]animegan convert photo.jpg --preset NAME[/] (options given as well override its values)");
        return ExitCodes.Success;
    }
}
