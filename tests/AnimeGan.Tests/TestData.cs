using AnimeGan.Models;

namespace AnimeGan.Tests;

/// <summary>Where the shared test data lives: `<repo>/../shared` (models, photos, the generator oracle).</summary>
public static class TestData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Shared { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>ANIMEGAN_MODELS when CI sets it, else the shared models folder.</summary>
    public static string Models { get; } =
        Environment.GetEnvironmentVariable(ModelDirectories.EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment.Split(':')[0]
            : Path.Combine(Shared, "models");

    public static string Image(string name) => Path.Combine(Shared, "images", name);

    public static string Reference(string name) => Path.Combine(Shared, "reference", name);

    public static string HayaoModel => Path.Combine(Models, "animeganv2_hayao.onnx");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AnimeGan.slnx"))) return dir.FullName;
        throw new InvalidOperationException("AnimeGan.slnx not found above " + AppContext.BaseDirectory);
    }
}
