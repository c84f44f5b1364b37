using AnimeGan.Imaging;

namespace AnimeGan.Benchmarks;

/// <summary>Deterministic photo-like inputs at the sizes the benchmarks report (512² and 2048²).</summary>
public static class BenchmarkImages
{
    public static string SharedPhoto(string name) =>
        Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "images", name));

    /// <summary>scene_1.jpg resampled to a square of the given side.</summary>
    public static PixelBuffer Scene(int side)
    {
        using var photo = new ImageCodec().Decode(SharedPhoto("scene_1.jpg"));
        return photo.ReadColour(side, side);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AnimeGan.slnx"))) return dir.FullName;
        throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
