using System.Collections.Concurrent;
using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>
/// Files a look reads (LUTs, colour references), parsed once and kept while the file is unchanged
/// (same path, length and modification time), so a batch or a server reads each file once. At most
/// <see cref="MaxEntries"/> are kept (a 65³ LUT is about 4 MB parsed); a server also drops the
/// entries of the files it deletes (<see cref="ForgetFolder"/>), so uploads do not linger here.
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
        return Reference(image);
    });

    /// <summary>The L*a*b* distribution of a decoded reference picture, as <see cref="Reference(string)"/> reads it.</summary>
    public static LabHistograms Reference(DecodedImage image)
    {
        var scale = Math.Min(1.0, (double)ReferenceSide / Math.Max(image.Width, image.Height));
        return LabHistograms.Of(image.ReadColour(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale))));
    }

    /// <summary>Keeps a LUT already parsed from the bytes just written to <paramref name="path"/>, so it is not read again.</summary>
    public static void Keep(string path, Lut3D lut) => Add(path, lut);

    /// <summary>Keeps a reference's distribution already read from the bytes just written to <paramref name="path"/>.</summary>
    public static void Keep(string path, LabHistograms reference) => Add(path, reference);

    /// <summary>Drops what was kept for files in <paramref name="folder"/> (or below it): the folder is being deleted.</summary>
    public static void ForgetFolder(string folder)
    {
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        foreach (var key in Cache.Keys.Where(key => key.Path.StartsWith(prefix, StringComparison.Ordinal)))
            Cache.TryRemove(key, out _);
    }

    private static T Get<T>(string path, Func<string, T> load) where T : class
    {
        var key = KeyOf(path);
        MakeRoom();
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

    private static void Add(string path, object asset)
    {
        var key = KeyOf(path);
        MakeRoom();
        Cache[key] = new Lazy<object>(asset);
    }

    private static (string Path, long Length, DateTime Modified) KeyOf(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"no such file: {path}", path);
        return (info.FullName, info.Length, info.LastWriteTimeUtc);
    }

    private static void MakeRoom()
    {
        if (Cache.Count >= MaxEntries) Cache.Clear();
    }
}
