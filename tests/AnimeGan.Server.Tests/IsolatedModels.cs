using AnimeGan.Models;

namespace AnimeGan.Server.Tests;

/// <summary>A model folder holding Hayao and nothing else, so a server on it sees only what the test puts there.</summary>
public sealed class IsolatedModels : IDisposable
{
    public IsolatedModels()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("animegan-isolated-models-").FullName;
        File.Copy(TestData.HayaoModel, Path.Combine(Directory, Path.GetFileName(TestData.HayaoModel)));
    }

    public string Directory { get; }

    /// <summary>Configuration that hides CI's ANIMEGAN_MODELS and the user's cache from the server.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [ModelDirectories.EnvironmentVariable] = "",
        ["XDG_CACHE_HOME"] = Directory,
    };

    /// <summary>Another of the shared models, by file name.</summary>
    public void Add(string file) => File.Copy(Path.Combine(TestData.Models, file), Path.Combine(Directory, file));

    /// <summary>Hayao's INT8 model, the one every test shares (<see cref="QuantizedHayao"/>).</summary>
    public void Quantize() => File.Copy(QuantizedHayao.ModelPath, Path.Combine(Directory, Path.GetFileName(QuantizedHayao.ModelPath)));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
