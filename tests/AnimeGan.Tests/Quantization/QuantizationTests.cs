using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using AnimeGan.Quantization;
using Google.Protobuf;
using Onnx;
using ElementType = Onnx.TensorProto.Types.DataType;

namespace AnimeGan.Tests.Quantization;

public class QuantizationTests(QuantizedHayaoFixture int8, HayaoFixture fp32) : TemporaryFolder, IClassFixture<QuantizedHayaoFixture>, IClassFixture<HayaoFixture>
{
    [Theory]
    [InlineData("face_9.jpg")]
    [InlineData("group_13.jpg")]
    [InlineData("scene_3.jpg")]
    public void Int8PicturesStayAbove30DbPsnrAgainstFp32(string photoName)
    {
        using var photo = new ImageCodec().Decode(TestData.Image(photoName));
        var (width, height) = WorkingSize.For(photo.Width, photo.Height, 256);
        var pixels = photo.ReadColour(width, height);
        using var quantized = new ImageModel(int8.Path);

        var expected = fp32.Model.Run(pixels);
        var actual = quantized.Run(pixels);

        var psnr = ImageComparison.Psnr(expected, actual);
        Assert.True(psnr >= 30, $"PSNR {psnr:F2} dB against FP32");
        Assert.True(ImageComparison.Ssim(expected, actual) > 0.9);
    }

    [Fact]
    public void EveryConvolutionReadsInt8WeightsBetweenQuantizeNodesAndTheFileSaysWhereItCameFrom()
    {
        var model = ModelProto.Load(int8.Path);
        var graph = model.Graph;
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        var initializers = graph.Initializer.ToDictionary(t => t.Name);

        var convolutions = graph.Node.Where(n => n.Is("Conv")).ToList();
        Assert.Equal(25, convolutions.Count);
        foreach (var conv in convolutions)
        {
            Assert.Equal("DequantizeLinear", producers[conv.Input[0]].OpType);
            var weights = producers[conv.Input[1]];
            Assert.Equal("DequantizeLinear", weights.OpType);
            Assert.Equal((int)ElementType.Int8, initializers[weights.Input[0]].DataType);
            Assert.Equal(0, weights.FindAttribute("axis")!.I);
            Assert.Equal((int)ElementType.Int32, initializers[producers[conv.Input[2]].Input[0]].DataType);
            Assert.Equal("QuantizeLinear", Assert.Single(graph.Node, n => n.Input.Contains(conv.Output[0])).OpType);
        }
        Assert.DoesNotContain(graph.Initializer, t => t.DataType == (int)ElementType.Float && t.Dims.Count == 4);
        // Reflect padding only copies values, so it runs on the quantized tensor.
        Assert.All(graph.Node.Where(n => n.Is("Pad")), pad => Assert.Equal("QuantizeLinear", producers[pad.Input[0]].OpType));
        Assert.Equal(ModelStore.Sha256Of(TestData.HayaoModel), model.Metadata(GeneratorQuantizer.SourceSha256Key));
        Assert.Contains("percentile 99.99 over 3 photos at 256 px", model.Metadata(GeneratorQuantizer.CalibrationKey));
    }

    [Fact]
    public void PrecisionInt8PicksTheQuantizedFileFromTheModelDirectories()
    {
        using var store = new ModelStore(Directories(int8.Directory, TestData.Models));

        var stylizer = store.GetGenerator("hayao", ModelPrecision.Int8);

        Assert.Equal(int8.Path, stylizer.ModelPath);
        Assert.NotSame(stylizer, store.GetGenerator("hayao", ModelPrecision.Fp32));
    }

    [Fact]
    public void Int8RunsTheFloatModelOfAStyleWhoseInt8IsNoFasterUnlessABenchmarkAsks()
    {
        using var store = new ModelStore(Directories(TestData.Models));
        var cute = store.RequireEntry("cute", ModelKind.Generator);
        Assert.False(cute.Int8Pays);
        Assert.True(store.RequireEntry("hayao", ModelKind.Generator).Int8Pays);

        Assert.Same(store.GetGenerator("cute", ModelPrecision.Fp32), store.GetGenerator("cute", ModelPrecision.Int8));

        using var bench = new ModelStore(Directories(TestData.Models)) { Int8OnlyWhereItPays = false };
        Assert.Contains("no INT8 model", Assert.Throws<ModelNotFoundException>(() => bench.GetGenerator("cute", ModelPrecision.Int8)).Message);
    }

    [Fact]
    public void AMissingInt8ModelSaysWhichCommandMakesIt()
    {
        using var store = new ModelStore(Directories(TestData.Models));

        var error = Assert.Throws<ModelNotFoundException>(() => store.GetGenerator("hayao", ModelPrecision.Int8));

        Assert.Contains("no INT8 model", error.Message);
        Assert.Contains("animegan models quantize --style hayao --calibrate DIR", error.Message);
    }

    [Fact]
    public void AnInt8ModelMadeFromOtherWeightsIsRefused()
    {
        var stale = ModelProto.Load(int8.Path);
        stale.SetMetadata(GeneratorQuantizer.SourceSha256Key, new string('0', 64));
        File.WriteAllBytes(Path.Combine(Folder, Path.GetFileName(int8.Path)), stale.ToByteArray());
        using var store = new ModelStore(Directories(Folder, TestData.Models));

        var error = Assert.Throws<ModelNotFoundException>(() => store.GetGenerator("hayao", ModelPrecision.Int8));

        Assert.Contains("not made from the current 'hayao' model", error.Message);
    }

    [Fact]
    public void ACorruptInt8ModelIsALoadErrorThatNamesTheFile()
    {
        var corrupt = Path.Combine(Folder, Path.GetFileName(int8.Path));
        var whole = File.ReadAllBytes(int8.Path);
        File.WriteAllBytes(corrupt, whole[..(whole.Length / 2)]);
        using var store = new ModelStore(Directories(Folder, TestData.Models));

        var error = Assert.Throws<ModelLoadException>(() => store.GetGenerator("hayao", ModelPrecision.Int8));

        Assert.Contains($"{corrupt} cannot be read as an ONNX model", error.Message);
    }

    private static ModelDirectories Directories(params string[] folders) =>
        ModelDirectories.Resolve(null, name => name switch
        {
            ModelDirectories.EnvironmentVariable => string.Join(':', folders),
            "XDG_CACHE_HOME" => Path.Combine(folders[0], "cache"),
            _ => null,
        });
}
