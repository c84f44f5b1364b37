using AnimeGan.Models;
using AnimeGan.Options;
using AnimeGan.Pipeline;
using AnimeGan.Server.Forms;
using AnimeGan.Server.Jobs;
using AnimeGan.Server.Samples;
using AnimeGan.Server.Styles;
using AnimeGan.Video;
using Microsoft.AspNetCore.Http;

namespace AnimeGan.Server.Api;

/// <summary>A photo or a clip of a request, by the name it came with (for display only).</summary>
public abstract record Submission(string Name);

/// <summary>A photo (or an option's file) as received: its bytes, in memory.</summary>
public sealed record Upload(string Name, byte[] Bytes) : Submission(Name);

/// <summary>A clip as received: staged in the server's scratch folder, where ffprobe checked it; its job takes the file.</summary>
public sealed record StagedClip(string Name, string Path) : Submission(Name);

/// <summary>
/// What POST /api/convert and POST /api/jobs were asked to do, checked in full: the settings (option
/// files already read into them) and the photos and clips. Disposing it deletes the staged clips that
/// no job took. <paramref name="NameTag"/> is what its results are named after (<see cref="OutputName.Tag"/>).
/// </summary>
public sealed record ConversionRequest(ConversionSettings Settings, IReadOnlyList<Submission> Items, string NameTag) : IDisposable
{
    /// <summary>The fields and option files the settings were bound from, for a back-end that binds them again elsewhere.</summary>
    public SettingsForm? Form { get; init; }

    public void Dispose()
    {
        foreach (var clip in Items.OfType<StagedClip>()) File.Delete(clip.Path);
    }
}

/// <summary>
/// Reads a conversion request: multipart form data with photos and clips (any file field but the file
/// options', "image" by convention), optional "sample" names from the gallery, a "preset", and the
/// fields of <see cref="ConversionForm"/> (the style among them), whose file options come as uploads.
/// Every photo is sniffed and its header checked, every clip staged and probed, and every option file
/// read, before the request is accepted; the first thing wrong is thrown as the problem to answer.
/// </summary>
public sealed class ConversionRequestReader(
    ConversionForm form, SettingsBinder binder, StyleCatalog styles, SampleGallery samples, ConversionService conversions, ResultStore store,
    ServerOptions options)
{
    public const string PresetField = "preset";
    public const string SampleField = "sample";
    public const string ImageField = "image";

    /// <param name="acceptsClips">Whether clips may come (POST /api/jobs); elsewhere one is refused before it is stored.</param>
    public async Task<ConversionRequest> ReadAsync(HttpRequest request, int maxImages, bool acceptsClips, CancellationToken cancellation)
    {
        var data = await ReadFormAsync(request, cancellation);
        var items = new List<Submission>();
        try
        {
            var (settings, submitted, nameTag) = await ReadItemsAsync(data, items, maxImages, acceptsClips, cancellation);
            return new ConversionRequest(settings, items, nameTag) { Form = submitted };
        }
        catch
        {
            new ConversionRequest(form.Defaults, items, "").Dispose();
            throw;
        }
    }

    private async Task<(ConversionSettings Settings, SettingsForm Form, string NameTag)> ReadItemsAsync(IFormCollection data, List<Submission> items,
        int maxImages, bool acceptsClips, CancellationToken cancellation)
    {
        // An unknown preset is answered before any file is read.
        var presetName = Single(data, PresetField);
        if (presetName is not null) styles.Preset(presetName);

        var optionFiles = new List<OptionFile>();
        long photoBytes = 0;
        foreach (var file in data.Files)
        {
            if (form.IsFileField(file.Name))
            {
                optionFiles.Add(await ReadOptionFileAsync(file, data, optionFiles, cancellation));
                photoBytes += file.Length;
                continue;
            }
            var name = ClientText.FileName(file.FileName, $"upload-{items.Count + 1}");
            if (IsClip(file, name))
            {
                if (!acceptsClips)
                    throw new BadOptionException(ImageField, $"{name} is a video; this endpoint converts one photo, POST /api/jobs converts clips");
                if (file.Length > options.MaxVideoBytes)
                    throw new ApiProblemException(new(StatusCodes.Status413PayloadTooLarge, "Video too large",
                        $"{name} is {file.Length / 1048576.0:0.#} MB, over this server's limit of {options.MaxVideoBytes / 1048576.0:0.#} MB for a clip (MaxVideoBytes)"));
                var staged = new StagedClip(name, store.StagingPath());
                items.Add(staged);
                await using var content = file.OpenReadStream();
                await ResultStore.WriteFileAsync(staged.Path, content, cancellation);
                continue;
            }
            photoBytes += file.Length;
            items.Add(new Upload(name, await ReadAllAsync(file, cancellation)));
        }
        // The body may be a clip's size; photos alone keep to the request limit.
        if (photoBytes > options.MaxRequestBytes) throw TooLarge();
        var submitted = new SettingsForm(presetName,
            data.Where(field => field.Key is not (SampleField or PresetField))
                .Select(field => KeyValuePair.Create(field.Key, field.Value.Select(v => v ?? "").ToArray())).ToList(),
            optionFiles, HasClips: items.OfType<StagedClip>().Any());
        var settings = binder.Bind(submitted);

        foreach (var sample in data[SampleField])
        {
            var bytes = samples.Read(sample ?? "") ?? throw new BadOptionException(SampleField, $"no sample named '{ClientText.Clip(sample ?? "")}'");
            items.Add(new Upload(sample!, bytes));
        }

        if (items.Count == 0)
            throw new BadOptionException(ImageField, $"send a photo or a clip as a file in the form field '{ImageField}', or a sample name in '{SampleField}'");
        if (items.Count > maxImages)
            throw new BadOptionException(ImageField, maxImages == 1
                ? "send one photo here; POST /api/jobs takes several"
                : $"send at most {maxImages} photos and clips in one request, not {items.Count}");
        var pipeline = Pipeline(settings);
        foreach (var item in items)
        {
            if (item is Upload photo) conversions.Inspect(photo.Bytes, photo.Name, pipeline);
            else if (item is StagedClip clip) await conversions.InspectVideoAsync(clip.Path, clip.Name, pipeline, cancellation);
        }
        var styleAsked = data.ContainsKey(ConversionOptions.StyleName.Name) ? settings.Style : null;
        return (settings, submitted, OutputName.Tag(styleAsked, presetName is null ? null : styles.Preset(presetName).Name, settings.Style!));
    }

    /// <summary>
    /// The settings of a new finish of a converted photo (POST /api/jobs/{id}/results/{n}/look): a
    /// preset's look, then the fields and files of the options a converted photo can take anew, on top of
    /// <paramref name="start"/>, how the photo was finished so far. Anything else is refused.
    /// </summary>
    public async Task<ConversionSettings> ReadFinishAsync(HttpRequest request, ConversionSettings start, CancellationToken cancellation)
    {
        var data = await ReadFormAsync(request, cancellation);
        if (Single(data, PresetField) is { } preset) start = start with { Look = styles.Preset(preset).Look };
        var optionFiles = new List<OptionFile>();
        foreach (var file in data.Files)
        {
            if (!form.IsFileField(file.Name))
                throw new BadOptionException(file.Name, "a new look takes options only: the photo is the one converted");
            optionFiles.Add(await ReadOptionFileAsync(file, data, optionFiles, cancellation));
        }
        var settings = form.Bind(data.Where(field => field.Key != PresetField).Select(field => KeyValuePair.Create(field.Key, field.Value.Select(v => v ?? "").ToArray())),
            optionFiles.Select(f => KeyValuePair.Create(f.Field, new Upload(f.Name, f.Bytes))), start, finishOnly: true);
        Pipeline(settings);
        return settings;
    }

    private static async Task<OptionFile> ReadOptionFileAsync(IFormFile file, IFormCollection data, IReadOnlyList<OptionFile> read, CancellationToken cancellation)
    {
        if (data.ContainsKey(file.Name) || read.Any(f => string.Equals(f.Field, file.Name, StringComparison.OrdinalIgnoreCase)))
            throw new BadOptionException(file.Name, $"{file.Name} is given more than once; give it once");
        return new OptionFile(file.Name, ClientText.FileName(file.FileName, file.Name), await ReadAllAsync(file, cancellation));
    }

    /// <summary>
    /// A clip by its content; by its media type or name only when the content is no container this
    /// knows, so that ffprobe, not the image decoder, says what is wrong with a broken ".mp4".
    /// </summary>
    private static bool IsClip(IFormFile file, string name)
    {
        Span<byte> head = stackalloc byte[VideoFiles.HeadLength];
        using var stream = file.OpenReadStream();
        var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return VideoFiles.LooksLikeVideo(head[..length])
               || file.ContentType?.StartsWith("video/", StringComparison.OrdinalIgnoreCase) == true
               || VideoFiles.HasVideoExtension(name);
    }

    private FramePipeline Pipeline(ConversionSettings settings)
    {
        try
        {
            return styles.Pipeline(settings);
        }
        catch (ModelNotFoundException) when (settings.Upscale > 1)
        {
            // Styles and face models were checked when the form was bound; what is left is the HD model.
            throw new BadOptionException(ConversionOptions.UpscaleModel.Name,
                $"the HD model {FramePipelineBuilder.UpscalerName(settings)} is not installed on this server");
        }
    }

    private async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (!request.HasFormContentType)
            throw new ApiProblemException(new(StatusCodes.Status415UnsupportedMediaType, "Not a form",
                "send the photos as multipart/form-data (curl -F image=@photo.jpg)"));
        if (request.ContentLength > options.MaxUploadBytes) throw TooLarge();
        try
        {
            return await request.ReadFormAsync(cancellation);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        catch (InvalidDataException e) when (e.Message.StartsWith("Multipart body length limit", StringComparison.Ordinal))
        {
            throw TooLarge();
        }
        catch (InvalidDataException e) when (e.Message.StartsWith("Form value count limit", StringComparison.Ordinal))
        {
            throw new ApiProblemException(new(StatusCodes.Status400BadRequest, "Too many form fields",
                $"the form has more than {ServerOptions.MaxFormFields} fields, the limit; a conversion takes one field per option and one per photo"));
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // A field name or value, or a part's headers, longer than the form reader takes.
            throw new ApiProblemException(new(StatusCodes.Status400BadRequest, "Malformed form", $"the form data could not be read: {e.Message}"));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            throw new ApiProblemException(new(StatusCodes.Status400BadRequest, "Malformed form", "the form data could not be read"));
        }
    }

    private ApiProblemException TooLarge() => new(new(StatusCodes.Status413PayloadTooLarge, "Request too large",
        $"the request is over the limit of {options.MaxRequestBytes / 1048576.0:0.#} MB of photos ({options.MaxVideoBytes / 1048576.0:0.#} MB for a clip); send fewer or smaller files"));

    private static async Task<byte[]> ReadAllAsync(IFormFile file, CancellationToken cancellation)
    {
        var bytes = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(bytes, cancellation);
        return bytes;
    }

    private static string? Single(IFormCollection data, string field) => data[field].Count switch
    {
        0 => null,
        1 => data[field][0],
        var n => throw new BadOptionException(field, $"{field} is given {n} times; give it once"),
    };
}
