using AnimeGan.Models;
using AnimeGan.Options;
using AnimeGan.Pipeline;
using AnimeGan.Server.Forms;
using AnimeGan.Server.Jobs;
using AnimeGan.Server.Samples;
using AnimeGan.Server.Styles;
using Microsoft.AspNetCore.Http;

namespace AnimeGan.Server.Api;

/// <summary>A photo (or an option's file) as received: the name it came with (for display only) and its bytes.</summary>
public sealed record Upload(string Name, byte[] Bytes);

/// <summary>What POST /api/convert and POST /api/jobs were asked to do, checked in full: the settings (option files already read into them) and the photos.</summary>
public sealed record ConversionRequest(ConversionSettings Settings, IReadOnlyList<Upload> Images);

/// <summary>
/// Reads a conversion request: multipart form data with photos (any file field but the file options',
/// "image" by convention), optional "sample" names from the gallery, a "preset", and the fields of
/// <see cref="ConversionForm"/> (the style among them), whose file options come as uploads. Every photo
/// is sniffed and its header checked, and every option file read, before the request is accepted; the
/// first thing wrong is thrown as the problem to answer.
/// </summary>
public sealed class ConversionRequestReader(
    ConversionForm form, StyleCatalog styles, SampleGallery samples, ConversionService conversions, ServerOptions options)
{
    public const string PresetField = "preset";
    public const string SampleField = "sample";
    public const string ImageField = "image";

    public async Task<ConversionRequest> ReadAsync(HttpRequest request, int maxImages, CancellationToken cancellation)
    {
        var data = await ReadFormAsync(request, cancellation);
        // A preset gives the style and the starting look; a style or option given as well wins.
        var preset = Single(data, PresetField) is { } presetName ? styles.Preset(presetName) : null;
        var start = preset is null ? form.Defaults : form.Defaults with { Style = preset.Style, Look = preset.Look };

        var images = new List<Upload>();
        var optionFiles = new List<KeyValuePair<string, Upload>>();
        foreach (var file in data.Files)
        {
            if (form.IsFileField(file.Name))
            {
                if (data.ContainsKey(file.Name) || optionFiles.Any(f => string.Equals(f.Key, file.Name, StringComparison.OrdinalIgnoreCase)))
                    throw new BadOptionException(file.Name, $"{file.Name} is given more than once; give it once");
                optionFiles.Add(KeyValuePair.Create(file.Name, new Upload(ClientText.FileName(file.FileName, file.Name), await ReadAllAsync(file, cancellation))));
                continue;
            }
            var name = ClientText.FileName(file.FileName, $"photo-{images.Count + 1}");
            images.Add(new Upload(name, await ReadAllAsync(file, cancellation)));
        }
        var settings = form.Bind(
            data.Where(field => field.Key is not (SampleField or PresetField))
                .Select(field => KeyValuePair.Create(field.Key, field.Value.Select(v => v ?? "").ToArray())),
            optionFiles, start);
        styles.RequireAvailable(settings);

        foreach (var sample in data[SampleField])
        {
            var bytes = samples.Read(sample ?? "") ?? throw new BadOptionException(SampleField, $"no sample named '{ClientText.Clip(sample ?? "")}'");
            images.Add(new Upload(sample!, bytes));
        }

        if (images.Count == 0)
            throw new BadOptionException(ImageField, $"send a photo as a file in the form field '{ImageField}', or a sample name in '{SampleField}'");
        if (images.Count > maxImages)
            throw new BadOptionException(ImageField, maxImages == 1
                ? "send one photo here; POST /api/jobs takes several"
                : $"send at most {maxImages} photos in one request, not {images.Count}");
        FramePipeline pipeline;
        try
        {
            pipeline = styles.Pipeline(settings);
        }
        catch (ModelNotFoundException) when (settings.Upscale > 1)
        {
            // Styles and face models were checked when the form was bound; what is left is the HD model.
            throw new BadOptionException(ConversionOptions.UpscaleModel.Name,
                $"the HD model {FramePipelineBuilder.UpscalerName(settings)} is not installed on this server");
        }
        foreach (var image in images) conversions.Inspect(image.Bytes, image.Name, pipeline);
        return new ConversionRequest(settings, images);
    }
    private async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (!request.HasFormContentType)
            throw new ApiProblemException(new(StatusCodes.Status415UnsupportedMediaType, "Not a form",
                "send the photos as multipart/form-data (curl -F image=@photo.jpg)"));
        if (request.ContentLength > options.MaxRequestBytes) throw TooLarge();
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
        $"the request is over the limit of {options.MaxRequestBytes / 1048576.0:0.#} MB; send fewer or smaller photos"));

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
