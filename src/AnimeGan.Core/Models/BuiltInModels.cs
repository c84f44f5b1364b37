using AnimeGan.IO;

namespace AnimeGan.Models;

/// <summary>
/// Models shipped inside the product, so that what they do works with no download: the ESRGAN slim ×2
/// upscaler (0.9 MB, MIT; its licence is embedded beside it as Models/BuiltIn/esrgan_slim_x2.LICENSE.txt).
/// A built-in model is written into the user cache the first time it is needed, and found there after.
/// </summary>
public static class BuiltInModels
{
    private const string ResourcePrefix = "AnimeGan.Models.BuiltIn.";

    /// <summary>The licence text shipped with a built-in model.</summary>
    public static string Licence(ModelEntry entry)
    {
        using var stream = Open(Path.ChangeExtension(entry.File, ".LICENSE.txt"));
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>Writes the model's file into <paramref name="directory"/> (whole or not at all) and returns its path.</summary>
    public static string Extract(ModelEntry entry, string directory)
    {
        if (!entry.BuiltIn) throw new ArgumentException($"the model '{entry.Name}' is not built in", nameof(entry));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, entry.File);
        using var stream = Open(entry.File);
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        AtomicFile.Write(path, bytes.ToArray());
        return path;
    }

    private static Stream Open(string file) =>
        typeof(BuiltInModels).Assembly.GetManifestResourceStream(ResourcePrefix + file)
        ?? throw new InvalidOperationException($"the built-in {file} is missing from the assembly");
}
