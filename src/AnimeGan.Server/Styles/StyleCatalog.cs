using AnimeGan.Inference;
using AnimeGan.Looks;
using AnimeGan.Models;
using AnimeGan.Server.Api;
using AnimeGan.Server.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Styles;

/// <summary>A style as clients see it: whether this server can paint in it, and if not, why (without server paths).</summary>
public sealed record StyleInfo(string Name, string Description, string Licence, bool IsDefault, bool Available, string? Unavailable);

/// <summary>
/// Every registered style, with its generator loaded once at start-up, and the presets (a style with a
/// look): the built-ins and the operator's --preset-file. The default style must load, and every
/// preset's files must be readable, or the server does not start; styles that cannot load are listed
/// as unavailable.
/// </summary>
public sealed class StyleCatalog
{
    private readonly ModelStore _store;
    private readonly ILogger _logger;
    private readonly Dictionary<string, StyleInfo> _styles = new(StringComparer.OrdinalIgnoreCase);

    public StyleCatalog(ModelStore store, ServerOptions options, ILogger<StyleCatalog> logger)
    {
        _store = store;
        _logger = logger;
        Presets = PresetCatalog.Load(options.PresetFile).Presets;
        foreach (var preset in Presets.Where(p => !p.BuiltIn))
        {
            try
            {
                preset.Look.Validate(); // reads its LUT and colour reference now, so a broken one stops the start
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{options.PresetFile}: preset '{preset.Name}': {e.Message}", e);
            }
        }
        DefaultStyle = store.DefaultStyle;
        Precision = options.Precision;
        try
        {
            store.GetStylizer(DefaultStyle, Precision);
        }
        catch (ModelNotFoundException e)
        {
            throw new ModelNotFoundException($"the default style '{DefaultStyle}' cannot be served: {e.Message}");
        }
        foreach (var entry in store.Registry.Generators)
        {
            string? unavailable = null;
            try
            {
                store.GetStylizer(entry.Name, Precision);
            }
            catch (Exception e) when (e is ModelNotFoundException or ModelLoadException or ModelSignatureException)
            {
                unavailable = e is ModelNotFoundException && store.Locate(entry) is null
                    ? "the model file is not installed on this server"
                    : e is ModelNotFoundException && Precision == ModelPrecision.Int8
                        ? "this server runs INT8 models and the style has none that matches its model"
                        : "the model file on this server cannot be used";
                logger.LogWarning("style {Style} is unavailable: {Reason}", entry.Name, e.Message);
            }
            var isDefault = string.Equals(entry.Name, DefaultStyle, StringComparison.OrdinalIgnoreCase);
            _styles[entry.Name] = new StyleInfo(entry.Name, entry.Description, entry.Licence, isDefault, unavailable is null, unavailable);
        }
        try
        {
            store.GetFaceModels();
        }
        catch (Exception e) when (e is ModelNotFoundException or ModelLoadException)
        {
            // Face protection is an improvement, not a requirement: the server paints without it.
            FacesUnavailable = "the face models are not installed on this server";
            logger.LogWarning("face protection is unavailable: {Reason}", e.Message);
        }
    }

    /// <summary>Why face protection cannot run here (no server paths), or null when it can.</summary>
    public string? FacesUnavailable { get; }

    /// <summary>What the conversion form offers on this server.</summary>
    public FormChoices FormChoices => new(AvailableNames.ToList(), FacesUnavailable);

    public string DefaultStyle { get; }

    /// <summary>Which file of each style this server runs.</summary>
    public ModelPrecision Precision { get; }

    public IReadOnlyList<LookPreset> Presets { get; }

    public bool IsAvailable(string style) => _styles.TryGetValue(style, out var info) && info.Available;

    /// <summary>
    /// The preset of that name, its files still readable; a 400 naming the field for an unknown name, a
    /// 500 that names no server path when the operator's file has gone since the start.
    /// </summary>
    public LookPreset Preset(string name)
    {
        var preset = Presets.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
                     ?? throw new BadOptionException("preset",
                         $"unknown preset '{ClientText.Clip(name)}'; the presets are: {string.Join(", ", Presets.Select(p => p.Name))}");
        try
        {
            preset.Look.Validate();
        }
        catch (ArgumentException e)
        {
            _logger.LogError("preset {Preset} cannot be used: {Reason}", preset.Name, e.Message);
            throw new ApiProblemException(new(StatusCodes.Status500InternalServerError, "Preset unavailable",
                $"the preset '{preset.Name}' names a file this server cannot read now; the problem is logged on the server"));
        }
        return preset;
    }

    public IEnumerable<StyleInfo> Styles => _styles.Values;

    public IEnumerable<string> AvailableNames => _styles.Values.Where(s => s.Available).Select(s => s.Name);

    /// <summary>The registered spelling of an available style; a 400 naming the field otherwise.</summary>
    public string Resolve(string? style)
    {
        if (string.IsNullOrWhiteSpace(style)) return DefaultStyle;
        if (!_styles.TryGetValue(style.Trim(), out var info))
            throw new BadOptionException("style", $"unknown style '{ClientText.Clip(style)}'; the styles are: {string.Join(", ", AvailableNames)}");
        if (!info.Available)
            throw new BadOptionException("style", $"the style '{info.Name}' is unavailable: {info.Unavailable}");
        return info.Name;
    }

    /// <summary>The loaded generator of a style returned by <see cref="Resolve"/>.</summary>
    public Stylizer Stylizer(string style) => _store.GetStylizer(style, Precision);
}
