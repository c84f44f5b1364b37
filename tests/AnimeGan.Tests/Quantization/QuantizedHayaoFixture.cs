using AnimeGan.Imaging;
using AnimeGan.Quantization;

namespace AnimeGan.Tests.Quantization;

/// <summary>Hayao quantized once per test class, into a temporary model folder, on a small calibration set so it stays quick.</summary>
public sealed class QuantizedHayaoFixture
{
    public static readonly string[] CalibrationPhotos = ["scene_1.jpg", "face_4.jpg", "group_3.jpg"];

    public QuantizedHayaoFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("animegan-int8-").FullName;
        Path = System.IO.Path.Combine(Directory, QuantizedModels.FileName(System.IO.Path.GetFileName(TestData.HayaoModel)));
        var calibration = new CalibrationSettings { Size = 256 };
        Report = GeneratorQuantizer.Quantize(TestData.HayaoModel,
            GeneratorQuantizer.LoadPhotos(CalibrationPhotos.Select(TestData.Image), calibration.Size, new ImageCodec()),
            Path, new QuantizationOptions { Calibration = calibration });
    }

    public string Directory { get; }
    public string Path { get; }
    public QuantizationReport Report { get; }
}
