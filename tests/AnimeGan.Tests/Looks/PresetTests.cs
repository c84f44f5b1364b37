using AnimeGan.Looks;
using AnimeGan.Models;
using AnimeGan.Pipeline;

namespace AnimeGan.Tests.Looks;

public class PresetTests : TemporaryFolder
{
    [Fact]
    public void TheBuiltInPresetsAreThereAndValid()
    {
        var catalog = PresetCatalog.BuiltIn();
        var registry = ModelRegistry.BuiltIn();

        Assert.Equal(LookSettings.None, catalog.Require("hayao").Look);
        Assert.Equal(0.7, catalog.Require("hayao-soft").Look.Strength);
        var shinkaiGrade = catalog.Require("shinkai-grade");
        Assert.Equal(("hayao", LookGrade.Shinkai), (shinkaiGrade.Style, shinkaiGrade.Look.Grade));
        Assert.True(shinkaiGrade.Look.Glow > 0);
        foreach (var preset in catalog.Presets)
        {
            new ConversionSettings { Look = preset.Look }.Validate();
            Assert.True(preset.BuiltIn);
            Assert.Equal(ModelKind.Generator, registry.Find(preset.Style)?.Kind);
        }
    }

    [Fact]
    public void NoPresetIsNamedAfterANetworkItDoesNotRun()
    {
        string[] networks = ["hayao", "shinkai", "paprika", "celeba", "face-paint"];
        foreach (var preset in PresetCatalog.BuiltIn().Presets)
        foreach (var network in networks.Where(n => n != preset.Style && preset.Name.Contains(n)))
        {
            // Only a grade may borrow a film's name, and it must say so ("shinkai-grade").
            Assert.EndsWith("-grade", preset.Name);
            Assert.Equal(network, preset.Look.Grade.ToString().ToLowerInvariant());
            Assert.Contains($"{preset.Style} network", preset.Description, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void AUserFileAddsPresetsReplacesBuiltInsAndResolvesPathsBesideItself()
    {
        var file = Path.Combine(Folder, "mine.json");
        File.WriteAllText(file, """
            {
              // comments and trailing commas are forgiven
              "presets": [
                { "name": "dusk", "style": "hayao", "look": { "strength": 0.5, "lut": "luts/dusk.cube", "grade": "Shinkai" } },
                { "name": "hayao-soft", "style": "hayao", "description": "softer still", "look": { "strength": 0.4 } },
              ]
            }
            """);

        Directory.CreateDirectory(Path.Combine(Folder, "luts"));
        File.WriteAllText(Path.Combine(Folder, "luts", "dusk.cube"), CubeText.SwapRedBlue(2));

        var catalog = PresetCatalog.Load(file);

        var dusk = catalog.Require("DUSK");
        Assert.Equal("dusk.cube", dusk.Look.Lut!.Name);
        Assert.Equal(LookGrade.Shinkai, dusk.Look.Grade);
        Assert.False(dusk.BuiltIn);
        Assert.Equal(0.4, catalog.Require("hayao-soft").Look.Strength);
        Assert.Single(catalog.Presets, p => p.Name == "hayao-soft");
        Assert.NotNull(catalog.Find("shinkai-grade"));
    }

    [Theory]
    [InlineData("""{ "presets": [ { "name": "x", "style": "hayao", "look": { "strenght": 0.5 } } ] }""", "strenght")]
    [InlineData("""{ "presets": [ { "name": "x", "style": "hayao", "look": { "strength": 3 } } ] }""", "preset 'x': strength must be 0 to 1, not 3")]
    [InlineData("""{ "presets": [ { "name": "x", "look": { } } ] }""", "style")]
    [InlineData("""{ "presets": [ { "name": "x", "style": "hayao", "look": { "grade": "vivid" } } ] }""", "grade")]
    [InlineData("""not json""", "not a valid preset file")]
    [InlineData("""{ "presets": [ { "name": "x", "style": "hayao", "look": { "lut": "missing.cube" } } ] }""", "lut: file not found")]
    public void ABadUserFileIsRefusedClearly(string json, string message)
    {
        var file = Path.Combine(Folder, "bad.json");
        File.WriteAllText(file, json);

        var error = Assert.Throws<InvalidDataException>(() => PresetCatalog.Load(file));

        Assert.Contains(file, error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void AnUnknownPresetNamesTheKnownOnes()
    {
        var error = Assert.Throws<UnknownPresetException>(() => PresetCatalog.BuiltIn().Require("shinkai"));
        Assert.Contains("unknown preset 'shinkai'", error.Message);
        Assert.Contains("shinkai-grade", error.Message);
    }
}
