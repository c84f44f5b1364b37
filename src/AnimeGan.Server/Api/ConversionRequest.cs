using AnimeGan.Pipeline;
using AnimeGan.Server.Forms;
using AnimeGan.Server.Jobs;
using AnimeGan.Server.Samples;
using AnimeGan.Server.Styles;
using Microsoft.AspNetCore.Http;

namespace AnimeGan.Server.Api;

/// <summary>A photo as received: the name it came with (for display only) and its bytes.</summary>
public sealed record Upload(string Name, byte[] Bytes);

/// <summary>
/// What POST /api/convert and POST /api/jobs were asked to do, checked in full. Uploaded option files
/// (a LUT, a colour reference) are not in <see cref="Settings"/> until they are stored (<see cref="StoreFiles"/>).
/// </summary>
public sealed record ConversionRequest(string Style, ConversionSettings Settings, IReadOnlyList<Upload> Images, IReadOnlyList<CheckedFile> Files)
{
    /// <summary>Stores the option files in the request's private <paramref name="folder"/>; the settings that point at them.</summary>
    public ConversionSettings StoreFiles(string folder) => Files.Aggregate(Settings, (settings, file) => file.Store(settings, folder));
}

/// <summary>
/// Reads a conversion request: multipart form data with photos (any file field but the file options',
/// "image" by convention), optional "sample" names from the gallery, "style", "preset", and the fields
/// of <see cref="ConversionForm"/>, whose file options come as uploads. Every photo is sniffed and its
/// header checked, and every option file read, before the request is accepted; the first thing wrong
/// is thrown as the problem to answer.
/// </summary>
public sealed class ConversionRequestReader(
    ConversionForm form, StyleCatalog styles, SampleGallery samples, ConversionService conversions, ServerOptions options)
{
    public const string StyleField = "style";
    public const string PresetField = "preset";
    public const string SampleField = "sample";
    public const string ImageField = "image";

    public async Task<ConversionRequest> ReadAsync(HttpRequest request, int maxImages, CancellationToken cancellation)
    {
        var data = await ReadFormAsync(request, cancellation);
        // A preset gives the style and the starting look; a style or option given as well wins.
        var preset = Single(data, PresetField) is { } presetName ? styles.Preset(presetName) : null;
        var style = styles.Resolve(Single(data, StyleField) ?? preset?.Style);
        var settings = form.Bind(
            data.Where(field => field.Key is not (StyleField or SampleField or PresetField))
                .Select(field => KeyValuePair.Create(field.Key, field.Value.Select(v => v ?? "").ToArray())),
            preset is null ? null : new ConversionSettings { Look = preset.Look });

        var images = new List<Upload>();
        var optionFiles = new List<(FileOption Option, Upload Upload)>();
        foreach (var file in data.Files)
        {
            if (form.FileFor(file.Name) is { } option)
            {
                if (data.ContainsKey(option.Name) || optionFiles.Any(f => f.Option == option))
                    throw new BadOptionException(option.Name, $"{option.Name} is given more than once; give it once");
                optionFiles.Add((option, new Upload(ClientText.FileName(file.FileName, option.Name), await ReadAllAsync(file, cancellation))));
                continue;
            }
            var name = ClientText.FileName(file.FileName, $"photo-{images.Count + 1}");
            images.Add(new Upload(name, await ReadAllAsync(file, cancellation)));
        }
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
        foreach (var image in images) conversions.Inspect(image.Bytes, image.Name);
        var files = optionFiles.Select(file => file.Option.Check(file.Upload)).ToList();
        return new ConversionRequest(style, settings, images, files);
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
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge();
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
