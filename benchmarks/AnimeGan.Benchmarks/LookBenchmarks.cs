using AnimeGan.Imaging;
using AnimeGan.Looks;
using BenchmarkDotNet.Attributes;

namespace AnimeGan.Benchmarks;

/// <summary>
/// Each look operation on one image (in place, so every run first copies the photo into the work
/// buffer: <see cref="Copy"/> is that copy alone). TTA is measured without the model: the mirror and the average.
/// </summary>
[MemoryDiagnoser]
public class LookBenchmarks
{
    private PixelBuffer _photo = null!;
    private PixelBuffer _work = null!;
    private Lut3D _lut = null!;
    private LabHistograms _reference = null!;

    [Params(512, 2048)]
    public int Side { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _photo = BenchmarkImages.Scene(Side);
        _work = _photo.Clone();
        _lut = Lut3D.Bake(33, rgb => new(rgb.Z, rgb.Y * rgb.Y, rgb.X)); // a 33³ .cube's worth of arbitrary colour
        using var reference = new ImageCodec().Decode(BenchmarkImages.SharedPhoto("scene_3.jpg"));
        _reference = LabHistograms.Of(reference.ReadColour(512, 268));
    }

    private PixelBuffer Fresh()
    {
        _photo.Data.CopyTo(_work.Data, 0);
        return _work;
    }

    [Benchmark(Baseline = true)]
    public PixelBuffer Copy() => Fresh();

    [Benchmark]
    public void Strength() => new StrengthBlend(_photo, 0.7).Apply(Fresh());

    [Benchmark]
    public void ColourTransfer() => new ColourTransfer(_reference).Apply(Fresh());

    [Benchmark]
    public void Lut() => _lut.Apply(Fresh());

    [Benchmark]
    public void ShinkaiGrade() => Looks.ShinkaiGrade.Instance.Apply(Fresh());

    [Benchmark]
    public void Sharpen() => new Sharpen(1, 1).Apply(Fresh());

    [Benchmark]
    public void Glow() => new Glow(0.5).Apply(Fresh());

    [Benchmark]
    public PixelBuffer TtaMirrorAndAverage() => FlipTta.Average(Fresh(), FlipTta.Mirror(_photo));
}
