using System.Collections.Concurrent;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Server.Api;
using AnimeGan.Server.Samples;
using Microsoft.AspNetCore.Http;

namespace AnimeGan.Server.Styles;

/// <summary>
/// What each style does, shown on its card: one sample photo (the first of --samples, or the one the
/// options name) painted by the style at <see cref="Side"/> px, made on first request and kept. Each is
/// made on a session of its own that is dropped afterwards, one at a time, so showing five styles
/// neither loads five models for good nor takes the cores from more than one conversion's worth.
/// </summary>
public sealed class StylePreviews
{
    public const int Side = 192;

    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _made = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _oneAtATime = new(1);
    private readonly StyleCatalog _styles;
    private readonly ModelStore _models;
    private readonly SampleGallery _samples;
    private readonly string? _photo;

    public StylePreviews(StyleCatalog styles, ModelStore models, SampleGallery samples, ServerOptions options)
    {
        (_styles, _models, _samples) = (styles, models, samples);
        _photo = options.PreviewSample ?? samples.List.FirstOrDefault()?.Name;
        if (options.PreviewSample is { } named && samples.Read(named) is null)
            throw new FileNotFoundException($"the preview sample '{named}' is not one of the samples in {options.Samples}");
    }

    /// <summary>The style with the address of its preview, when the server has a photo to paint it on.</summary>
    public StyleInfo WithPreview(StyleInfo style) =>
        style with { Preview = style.Available && _photo is not null ? $"/api/styles/{Uri.EscapeDataString(style.Name)}/preview" : null };

    /// <summary>The preview's JPEG; 404 for an unknown or unavailable style or a server without samples.</summary>
    public async Task<byte[]> GetAsync(string style, CancellationToken cancellation)
    {
        var info = _styles.Find(style) is { } found ? WithPreview(found) : null;
        if (info is not { Preview: not null })
            throw new ApiProblemException(new(StatusCodes.Status404NotFound, "No preview",
                info is null ? $"no style named '{ClientText.Clip(style)}'" : $"the style '{info.Name}' has no preview on this server"));
        var made = _made.GetOrAdd(info.Name, name => new Lazy<byte[]>(() => Make(name)));
        if (made.IsValueCreated) return made.Value;
        await _oneAtATime.WaitAsync(cancellation);
        try
        {
            return await Task.Run(() => made.Value, cancellation);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private byte[] Make(string style)
    {
        var entry = _models.RequireEntry(style, ModelKind.Generator);
        using var decoded = _samples.Codec.Decode(_samples.Read(_photo!)!);
        var side = Math.Min(decoded.Width, decoded.Height);
        var square = Resampler.Crop(decoded.ReadColour(decoded.Width, decoded.Height), (decoded.Width - side) / 2, (decoded.Height - side) / 2, side, side);
        using var generator = new ImageModel(_models.RequireFile(entry, _styles.Precision), entry.Contract,
            _models.Inference with { ConcurrentRuns = 0 });
        var painted = generator.Run(Resampler.Resize(square, Side, Side));
        return _samples.Codec.Encode(painted, null, OutputFormat.Jpeg, 85);
    }
}
