using AnimeGan.Faces;
using AnimeGan.Inference;
using AnimeGan.Looks;
using AnimeGan.Models;
using AnimeGan.Options;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using AnimeGan.Server.Forms;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Styles;

/// <summary>A style as clients see it: what it looks like, whether this server can paint in it, and if not, why (without server paths).</summary>
public sealed record StyleInfo(
    string Name,
    string Title,
    string Description,
    string? Speed,
    string Licence,
    ModelPrecision Precision,
    bool IsDefault,
    bool Available,
    string? Unavailable,
    string? Preview);


/// <summary>
/// Every registered style and the presets (a style with a look): the built-ins and the operator's
/// --preset-file, whose files are read at start-up. A style's model is checked at start-up (present,
/// the registered file, an INT8 model made from it) but loaded only when a picture first asks for it,
/// so idle memory holds the default style alone. The default style must load, and every preset file
/// must be readable, or the server does not start; styles whose files fail the checks are listed as
/// unavailable. Builds the frame pipeline each request's settings call for.
/// </summary>
public sealed class StyleCatalog
{
    private readonly FramePipelineBuilder _pipelines;
    private readonly Dictionary<string, StyleInfo> _styles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, double> _upscaleSeconds = [];

    private readonly ModelStore _store;

    public StyleCatalog(ModelStore store, ServerOptions options, ILogger<StyleCatalog> logger)
    {
        _store = store;
        _pipelines = new FramePipelineBuilder(store, options.Precision);
        Presets = PresetCatalog.Load(options.PresetFile).Presets;
        DefaultStyle = store.DefaultStyle;
        Precision = options.Precision;
        try
        {
            store.GetGenerator(DefaultStyle, Precision);
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
                store.RequireFile(entry, Precision);
            }
            catch (Exception e) when (e is ModelNotFoundException or ModelLoadException or InvalidDataException)
            {
                unavailable = e is ModelNotFoundException && store.Locate(entry) is null
                    ? "the model file is not installed on this server"
                    : e is ModelNotFoundException && Precision == ModelPrecision.Int8
                        ? "this server runs INT8 models and the style has none that matches its model"
                        : "the model file on this server cannot be used";
                logger.LogWarning("style {Style} is unavailable: {Reason}", entry.Name, e.Message);
            }
            var isDefault = string.Equals(entry.Name, DefaultStyle, StringComparison.OrdinalIgnoreCase);
            _styles[entry.Name] = new StyleInfo(entry.Name, entry.DisplayName, entry.Description, entry.Speed, entry.Licence, store.PrecisionFor(entry, Precision), isDefault,
                unavailable is null, unavailable, Preview: null);
        }
        // What ×2 HD costs with each learned model, from the registry's measured rates: a 3:2 picture at the default working size.
        var megapixels = WorkingSize.DefaultMaxSide * (WorkingSize.DefaultMaxSide * 2 / 3) / 1e6;
        foreach (var method in ConversionOptions.UpscaleModel.Choices.Select(c => c.Setting))
            if (store.Registry.Find(FramePipelineBuilder.UpscalerName(new ConversionSettings { Upscale = 2, UpscaleModel = method })) is { MsPerMegapixel: { } rate })
                _upscaleSeconds[method] = rate * megapixels / 1000;
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

    /// <summary>What the conversion form offers on this server: every registered style (an unavailable one is refused with its reason).</summary>
    public FormChoices FormChoices => new(_styles.Values.Select(s => new OptionChoice(s.Name, s.Title)).ToList(), DefaultStyle, FacesUnavailable)
    {
        UpscaleSeconds = _upscaleSeconds,
    };

    public string DefaultStyle { get; }

    /// <summary>The precision this server was asked to run; each style's own is in its <see cref="StyleInfo"/> (INT8 only where it pays).</summary>
    public ModelPrecision Precision { get; }

    public IReadOnlyList<LookPreset> Presets { get; }

    public bool IsAvailable(string style) => _styles.TryGetValue(style, out var info) && info.Available;

    /// <summary>The preset of that name; a 400 naming the field for an unknown name.</summary>
    public LookPreset Preset(string name) =>
        Presets.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new BadOptionException("preset",
            $"unknown preset '{ClientText.Clip(name)}'; the presets are: {string.Join(", ", Presets.Select(p => p.Name))}");

    public IEnumerable<StyleInfo> Styles => _styles.Values;

    public IEnumerable<string> AvailableNames => _styles.Values.Where(s => s.Available).Select(s => s.Name);

    /// <summary>The style of that name, whether or not it is available; null when none is registered.</summary>
    public StyleInfo? Find(string style) => _styles.GetValueOrDefault(style);

    /// <summary>Refuses settings whose style or face style this server cannot paint in, with the reason; a 400 naming the field.</summary>
    public void RequireAvailable(ConversionSettings settings)
    {
        RequireAvailable(settings.Style, ConversionOptions.StyleName.Name);
        RequireAvailable(settings.Faces.Style, ConversionOptions.FaceStyle.Name);
    }

    private void RequireAvailable(string? style, string field)
    {
        if (style is not null && _styles.TryGetValue(style, out var info) && !info.Available)
            throw new BadOptionException(field, $"the style '{info.Name}' is unavailable: {info.Unavailable}");
    }

    /// <summary>The sha256 of every model file a conversion with these settings runs: what a cached result must have been made with.</summary>
    public IEnumerable<string> ModelDigests(ConversionSettings settings)
    {
        var files = new List<string> { StyleFile(settings.Style ?? DefaultStyle) };
        if (settings.Faces.Enabled)
        {
            if (settings.Faces.Style is { } faceStyle) files.Add(StyleFile(faceStyle));
            files.Add(_store.RequireFile(_store.RequireEntry(FaceModels.DetectorName, ModelKind.FaceDetector)));
            files.Add(_store.RequireFile(_store.RequireEntry(FaceModels.LandmarkerName, ModelKind.FaceLandmarks)));
        }
        if (settings.Upscale > 1 && settings.UpscaleModel != FramePipelineBuilder.LanczosMethod)
            files.Add(_store.RequireFile(_store.RequireEntry(FramePipelineBuilder.UpscalerName(settings), ModelKind.Upscaler)));
        return files.Select(_store.Sha256OfFile);
    }

    private string StyleFile(string style) => _store.RequireFile(_store.RequireEntry(style, ModelKind.Generator), Precision);

    /// <summary>The frame pipeline for checked settings (a clip's steadies its frames); it loads the models it needs on first use.</summary>
    public FramePipeline Pipeline(ConversionSettings settings, bool forClip = false) => _pipelines.Build(settings, forClip: forClip);
}
