using System.Security.Cryptography;
using AnimeGan.Imaging;
using AnimeGan.Quantization;

namespace AnimeGan.Tests;

/// <summary>
/// Hayao's INT8 model for the tests, made once per build of the quantizer: both test assemblies use it,
/// and `dotnet test` runs them at once, so it is made under a lock file in TestResults/int8/, in a
/// folder named after the quantizer's build (a changed quantizer makes a new model; older ones go).
/// Calibrated on three photos at 256 px, so it takes seconds, not minutes.
/// </summary>
public static class QuantizedHayao
{
    public static readonly string[] CalibrationPhotos = ["scene_1.jpg", "face_4.jpg", "group_3.jpg"];
    public const int CalibrationSize = 256;

    private static readonly Lazy<string> Made = new(Make);

    /// <summary>The model file; its folder holds nothing else that is a model.</summary>
    public static string ModelPath => Made.Value;

    private static string Make()
    {
        var quantizer = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(typeof(GeneratorQuantizer).Assembly.Location)))[..16];
        var root = Path.Combine(TestData.RepoRoot, "TestResults", "int8");
        var folder = Directory.CreateDirectory(Path.Combine(root, quantizer)).FullName;
        var model = Path.Combine(folder, QuantizedModels.FileName(Path.GetFileName(TestData.HayaoModel)));
        using var held = HoldLock(Path.Combine(folder, ".lock"));
        if (File.Exists(model)) return model;
        foreach (var older in Directory.EnumerateDirectories(root).Where(d => d != folder)) Directory.Delete(older, recursive: true);
        var calibration = new CalibrationSettings { Size = CalibrationSize };
        GeneratorQuantizer.Quantize(TestData.HayaoModel,
            GeneratorQuantizer.LoadPhotos(CalibrationPhotos.Select(TestData.Image), calibration.Size, new ImageCodec()),
            model, new QuantizationOptions { Calibration = calibration });
        return model;
    }

    /// <summary>An exclusive hold on the lock file, waiting while the other test assembly has it.</summary>
    private static FileStream HoldLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }
}
