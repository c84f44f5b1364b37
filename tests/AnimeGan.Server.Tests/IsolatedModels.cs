using AnimeGan.Imaging;
using AnimeGan.Models;
using AnimeGan.Quantization;

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

    /// <summary>Hayao's INT8 model, calibrated on two photos at a small size so the test stays quick.</summary>
    public void Quantize()
    {
        var calibration = new CalibrationSettings { Size = 128 };
        GeneratorQuantizer.Quantize(TestData.HayaoModel,
            GeneratorQuantizer.LoadPhotos(new[] { "scene_1.jpg", "face_4.jpg" }.Select(TestData.Image), calibration.Size, new ImageCodec()),
            Path.Combine(Directory, QuantizedModels.FileName(Path.GetFileName(TestData.HayaoModel))),
            new QuantizationOptions { Calibration = calibration });
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
