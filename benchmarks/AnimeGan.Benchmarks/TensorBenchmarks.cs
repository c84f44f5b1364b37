using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using BenchmarkDotNet.Attributes;

namespace AnimeGan.Benchmarks;

/// <summary>Pixels to the generator's tensor and back: the per-image overhead around the model.</summary>
[MemoryDiagnoser]
public class TensorBenchmarks
{
    private PixelBuffer _image = null!;
    private float[] _tensor = null!;
    private readonly ImageTensors _tensors = new(ModelContract.Generator, TensorLayout.Nchw);

    [Params(512, 2048)]
    public int Side { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _image = BenchmarkImages.Scene(Side);
        _tensor = new float[_image.Data.Length];
    }

    [Benchmark]
    public void PixelsToTensor() => _tensors.Write(_image, _tensor);

    [Benchmark]
    public void TensorToPixels() => _tensors.Read(_tensor, _image);
}
