using System.Text;
using AnimeGan.Imaging;
using AnimeGan.Looks;
using AnimeGan.Tests.Looks;
using BenchmarkDotNet.Attributes;

namespace AnimeGan.Benchmarks;

/// <summary>
/// What the server does with the look's uploads before it accepts a request (the file options of src/AnimeGan.Core/Options/ConversionOptions.cs):
/// parse a .cube from the uploaded bytes; decode a reference picture from its bytes and take its L*a*b*
/// distribution at up to 512 px. The conversion then uses what was read, without reading the file again.
/// </summary>
[MemoryDiagnoser]
public class LookUploadBenchmarks
{
    private byte[] _cube33 = null!;
    private byte[] _cube65 = null!;
    private byte[] _reference = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cube33 = Encoding.ASCII.GetBytes(CubeText.Of(33, (r, g, b) => (b, g * g, r)));
        _cube65 = Encoding.ASCII.GetBytes(CubeText.Of(65, (r, g, b) => (b, g * g, r)));
        _reference = File.ReadAllBytes(BenchmarkImages.SharedPhoto("scene_1.jpg"));
    }

    [Benchmark]
    public Lut3D Cube33() => Parse(_cube33);

    [Benchmark]
    public Lut3D Cube65() => Parse(_cube65);

    [Benchmark]
    public LabHistograms ColourReference() => LookFiles.ColourReference("scene_1.jpg", _reference, new ImageCodec()).Content;

    private static Lut3D Parse(byte[] bytes) => LookFiles.Lut("upload.cube", bytes).Content;
}
