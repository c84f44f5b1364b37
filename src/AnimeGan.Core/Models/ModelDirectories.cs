namespace AnimeGan.Models;

/// <summary>A folder searched for model files, and why it is searched.</summary>
public sealed record ModelDirectory(string Path, string Origin)
{
    public override string ToString() => $"{Path} ({Origin})";
}

/// <summary>
/// Where models are looked for, in order: the --models option, then the ANIMEGAN_MODELS environment
/// variable (one or more folders, separated by ':'), then the user's cache
/// ($XDG_CACHE_HOME/animegan/models, else ~/.cache/animegan/models). New models are installed into
/// the first of them.
/// </summary>
public sealed class ModelDirectories
{
    public const string EnvironmentVariable = "ANIMEGAN_MODELS";

    public ModelDirectories(IReadOnlyList<ModelDirectory> searched)
    {
        if (searched.Count == 0) throw new ArgumentException("at least one model directory is needed", nameof(searched));
        Searched = searched;
    }

    public IReadOnlyList<ModelDirectory> Searched { get; }

    public ModelDirectory InstallDirectory => Searched[0];

    /// <summary>The user's cache: searched last, and where built-in models are written out.</summary>
    public string CacheDirectory => Searched[^1].Path;

    public static ModelDirectories Resolve(string? explicitDirectory, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var directories = new List<ModelDirectory>();
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
            directories.Add(new(Path.GetFullPath(explicitDirectory), "--models"));
        foreach (var folder in (environment(EnvironmentVariable) ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            directories.Add(new(Path.GetFullPath(folder), EnvironmentVariable));
        directories.Add(new(UserCache(environment), "user cache"));
        return new ModelDirectories(directories.DistinctBy(d => d.Path).ToList());
    }

    /// <summary>The first searched folder that holds <paramref name="fileName"/>, or null.</summary>
    public string? Find(string fileName) =>
        Searched.Select(d => Path.Combine(d.Path, fileName)).FirstOrDefault(File.Exists);

    public string Describe() => string.Join(Environment.NewLine, Searched.Select(d => "  " + d));

    private static string UserCache(Func<string, string?> environment)
    {
        var cacheHome = environment("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cacheHome))
            cacheHome = Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.GetFullPath(Path.Combine(cacheHome, "animegan", "models"));
    }
}
