using System.Collections.Concurrent;
using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>
/// Files a look reads (LUTs, colour references), parsed once and kept while the file is unchanged
/// (same path, length and modification time), so a batch or a server reads each file once.
/// </summary>
public static class LookAssets
{
    private const int MaxEntries = 16;
    private const int ReferenceSide = 512;

    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Modified), Lazy<object>> Cache = new();

    public static Lut3D Cube(string path) => Get(path, CubeFile.Load);

    /// <summary>The L*a*b* distribution of a reference picture, read at up to 512 px (plenty for a histogram).</summary>
    public static LabHistograms Reference(string path) => Get(path, file =>
    {
        using var image = new ImageCodec().Decode(file);
        var scale = Math.Min(1.0, (double)ReferenceSide / Math.Max(image.Width, image.Height));
        return LabHistograms.Of(image.ReadColour(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale))));
    });

    private static T Get<T>(string path, Func<string, T> load) where T : class
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"no such file: {path}", path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        if (Cache.Count >= MaxEntries) Cache.Clear();
        var entry = Cache.GetOrAdd(key, k => new Lazy<object>(() => load(k.Path)));
        try
        {
            return (T)entry.Value;
        }
        catch
        {
            Cache.TryRemove(new KeyValuePair<(string, long, DateTime), Lazy<object>>(key, entry));
            throw;
        }
    }
}
