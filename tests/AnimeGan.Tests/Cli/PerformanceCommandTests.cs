using System.Text.Json;
using AnimeGan.Inference;

namespace AnimeGan.Tests.Cli;

public class PerformanceCommandTests : CliTestFolder
{
    [Fact]
    public void BenchEmitsValidJsonWithEveryMeasurement()
    {
        var result = Animegan("bench", "--sizes", "64,128", "--runs", "2", "--warmup", "0", "--photo", TestData.Image("face_2.jpg"),
            "--portrait", TestData.Image("face_2.jpg"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var root = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("machine").GetProperty("cores").GetInt32());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([64, 128], results.Select(r => r.GetProperty("size").GetInt32()));
        foreach (var measurement in results)
        {
            Assert.Equal("fp32", measurement.GetProperty("subject").GetString());
            var model = measurement.GetProperty("modelMs");
            Assert.Equal(2, model.GetProperty("runs").GetInt32());
            Assert.InRange(model.GetProperty("median").GetDouble(), model.GetProperty("min").GetDouble(), model.GetProperty("max").GetDouble());
            Assert.True(measurement.GetProperty("endToEndMs").GetProperty("median").GetDouble() > 0);
            Assert.Equal(["decode", "stylize", "encode"], measurement.GetProperty("stageMs").EnumerateObject().Select(p => p.Name));
            Assert.True(measurement.GetProperty("peakMb").GetDouble() > 10);
        }
        var portrait = root.GetProperty("portrait").EnumerateArray().Last();
        Assert.Equal(128, portrait.GetProperty("size").GetInt32());
        Assert.Equal(1, portrait.GetProperty("faces").GetInt32());
        Assert.Equal(["decode", "stylize", "faces", "encode"], portrait.GetProperty("stageMs").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void BenchRejectsSizesThatAreNotMultiplesOfEight()
    {
        var result = AnimeganInProcess("bench", "--sizes", "100");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--sizes", result.StdErr);
    }

    [Fact]
    public void CudaWithoutAGpuOrItsLibrariesIsAClearUsageError()
    {
        // Where the GPU and the opt-in provider are both present, CUDA runs and there is nothing to refuse.
        if (CudaProvider.MissingPrerequisite() is null) return;

        var convert = AnimeganInProcess("convert", TestData.Image("face_1.jpg"), "-o", InFolder("out.jpg"), "--device", "cuda");
        var bench = AnimeganInProcess("bench", "--sizes", "64", "--runs", "1", "--device", "cuda");

        foreach (var result in new[] { convert, bench })
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("--device cuda needs", result.StdErr);
            Assert.DoesNotContain("   at ", result.StdErr);
        }
        Assert.False(File.Exists(Path.Combine(Folder, "out.jpg")));
    }

    [Fact]
    public void Int8WithAModelFileIsAUsageError()
    {
        var result = AnimeganInProcess("convert", TestData.Image("face_1.jpg"), "--model", TestData.HayaoModel, "--precision", "int8");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--precision int8", result.StdErr);
    }
}
