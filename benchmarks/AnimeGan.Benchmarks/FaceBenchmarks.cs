using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using BenchmarkDotNet.Attributes;

namespace AnimeGan.Benchmarks;

/// <summary>
/// What face protection costs: the detector pass every photo pays (letterbox, plus the pyramid on large
/// photos), and each face found (landmarks, alignment, the generator pass over its cut of the 512 px square, compositing back).
/// A portrait (face_5) resampled to 512² and 2048².
/// </summary>
public class FaceBenchmarks
{
    private ModelStore _store = null!;
    private FaceModels _models = null!;
    private ImageModel _generator = null!;
    private readonly FaceSettings _settings = new();
    private readonly FaceAligner _aligner = new();
    private readonly FaceCompositor _compositor = new();
    private PixelBuffer _photo = null!, _canvas = null!, _styledCrop = null!;
    private FaceDetection _detection;
    private Face _face = null!;
    private AlignedFace _aligned = null!;

    [Params(512, 2048)]
    public int Side { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(BenchmarkImages.SharedPhoto("face_5.jpg")))!;
        _store = new ModelStore(new ModelDirectories([new ModelDirectory(Path.Combine(shared, "models"), "benchmarks")]));
        _models = _store.GetFaceModels();
        _generator = _store.GetGenerator("hayao");
        using var photo = new ImageCodec().Decode(BenchmarkImages.SharedPhoto("face_5.jpg"));
        _photo = photo.ReadColour(Side, Side);
        _canvas = _photo.Clone();
        _detection = _models.Detector.Detect(_photo, _settings.Threshold, _settings.MinSize).Single();
        _face = _models.Landmarker.Locate(_photo, _detection)!;
        _aligned = _aligner.Align(_photo, _face);
        _styledCrop = _generator.Run(_aligned.Crop);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Description = "detector pass")]
    public int Detect() => _models.Detector.Detect(_photo, _settings.Threshold, _settings.MinSize).Count;

    [Benchmark(Description = "per face: all")]
    public FaceMask PerFace()
    {
        var face = _models.Landmarker.Locate(_photo, _detection)!;
        var aligned = _aligner.Align(_photo, face);
        return _compositor.Composite(_canvas, _generator.Run(aligned.Crop), aligned, face.Outline);
    }

    [Benchmark(Description = "per face: landmarks")]
    public Face? Landmarks() => _models.Landmarker.Locate(_photo, _detection);

    [Benchmark(Description = "per face: align")]
    public AlignedFace Align() => _aligner.Align(_photo, _face);

    [Benchmark(Description = "per face: stylize its cut of the 512 square")]
    public PixelBuffer StylizeCrop() => _generator.Run(_aligned.Crop);

    [Benchmark(Description = "per face: composite")]
    public FaceMask Composite() => _compositor.Composite(_canvas, _styledCrop, _aligned, _face.Outline);
}
