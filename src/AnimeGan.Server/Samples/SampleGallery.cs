using System.Collections.Concurrent;
using AnimeGan.Imaging;
using AnimeGan.Server.Api;
using AnimeGan.Server.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AnimeGan.Server.Samples;

/// <summary>A sample photo as clients see it: a name to ask for, and its size.</summary>
public sealed record SampleInfo(string Name, int Width, int Height, string Url, string Thumbnail);

/// <summary>
/// The photos of the --samples folder, listed once at start-up. Clients name a sample; the name is
/// only ever looked up in that list, never joined to a path.
/// </summary>
public sealed class SampleGallery
{
    public const int MaxSamples = 60;
    private const int ThumbnailSide = 360;

    private readonly Dictionary<string, (string Path, string MediaType, SampleInfo Info)> _samples = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _thumbnails = new(StringComparer.Ordinal);

    public SampleGallery(ServerOptions options, ConversionService conversions, ILogger<SampleGallery> logger)
    {
        Codec = conversions.Codec;
        if (options.Samples is null) return;
        var folder = Path.GetFullPath(options.Samples);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"the samples folder does not exist: {folder}");
        foreach (var path in GalleryOrder(Directory.EnumerateFiles(folder)))
        {
            if (_samples.Count == MaxSamples) break;
            try
            {
                using var photo = Codec.Decode(path);
                var name = Path.GetFileName(path);
                var url = "/api/samples/" + Uri.EscapeDataString(name);
                _samples[name] = (path, MediaTypeOf(photo.SourceFormat), new SampleInfo(name, photo.Width, photo.Height, url, url + "/thumbnail"));
            }
            catch (ImageRejectedException e)
            {
                logger.LogWarning("sample {File} skipped: {Reason}", Path.GetFileName(path), e.Message);
            }
        }
        logger.LogInformation("{Count} sample photos from {Folder}", _samples.Count, folder);
    }

    public ImageCodec Codec { get; }

    /// <summary>
    /// The gallery's order: one of each kind in turn (a kind is the name without its number: face,
    /// group, scene), so the first screen shows portraits, groups and scenes alike, each style at what
    /// it does best; within a kind by number (face_2 before face_10).
    /// </summary>
    internal static IEnumerable<string> GalleryOrder(IEnumerable<string> paths)
    {
        var kinds = paths
            .GroupBy(path => KindAndNumber(path).Kind, StringComparer.OrdinalIgnoreCase)
            .OrderBy(kind => kind.Key, StringComparer.OrdinalIgnoreCase)
            .Select(kind => kind.OrderBy(path => KindAndNumber(path).Number).ThenBy(path => path, StringComparer.Ordinal).ToList())
            .ToList();
        var turns = kinds.Count == 0 ? 0 : kinds.Max(kind => kind.Count);
        for (var turn = 0; turn < turns; turn++)
            foreach (var kind in kinds.Where(kind => turn < kind.Count))
                yield return kind[turn];
    }

    /// <summary>"face_12.jpg" → ("face", 12); a name without a number is number -1 of its kind.</summary>
    private static (string Kind, long Number) KindAndNumber(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var digits = stem.Length - stem.TrimEnd("0123456789".ToCharArray()).Length;
        var number = digits > 0 && long.TryParse(stem.AsSpan(stem.Length - digits), out var parsed) ? parsed : -1;
        return (stem[..^digits].TrimEnd('_', '-', ' '), number);
    }

    public IEnumerable<SampleInfo> List => _samples.Values.Select(s => s.Info);

    /// <summary>The sample's bytes, or null when there is no sample of that name.</summary>
    public byte[]? Read(string name) => _samples.TryGetValue(name, out var sample) ? File.ReadAllBytes(sample.Path) : null;

    /// <summary>The sample's file and media type; 404 when there is no sample of that name.</summary>
    public (string Path, string MediaType) Locate(string name) => _samples.TryGetValue(name, out var sample)
        ? (sample.Path, sample.MediaType)
        : throw new ApiProblemException(new(StatusCodes.Status404NotFound, "Unknown sample", $"no sample named '{ClientText.Clip(name)}'"));

    /// <summary>A small JPEG of the sample for the gallery, made on first request and kept.</summary>
    public byte[] Thumbnail(string name)
    {
        var path = Locate(name).Path;
        return _thumbnails.GetOrAdd(name, _ => new Lazy<byte[]>(() =>
        {
            using var photo = Codec.Decode(path);
            var scale = Math.Min(1.0, ThumbnailSide / (double)Math.Max(photo.Width, photo.Height));
            var (width, height) = (Math.Max(1, (int)Math.Round(photo.Width * scale)), Math.Max(1, (int)Math.Round(photo.Height * scale)));
            return Codec.Encode(photo.ReadColour(width, height), photo.ReadAlpha(width, height), OutputFormat.Jpeg, 82);
        })).Value;
    }

    private static string MediaTypeOf(string sourceFormat) => sourceFormat switch
    {
        "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "tiff" => "image/tiff",
        "heif" => "image/heif",
        _ => "application/octet-stream",
    };
}
