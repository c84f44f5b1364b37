using AnimeGan.Cli.Batch;
using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using Spectre.Console;

namespace AnimeGan.Tests.Cli;

public sealed class PipelinedBatchTests : TemporaryFolder
{
    // As `animegan convert` builds it: photos in flight overlap, model runs take turns.
    private readonly ModelStore _store = new(new ModelDirectories([new ModelDirectory(TestData.Models, "tests")]),
        new InferenceSettings { ConcurrentRuns = 1 });

    public override void Dispose()
    {
        _store.Dispose();
        base.Dispose();
    }

    [Fact]
    public void ThePipelineWritesTheSameFilesUnderTheSameNamesInTheSameOrderAsTheSequentialLoop()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "photos")).FullName;
        foreach (var photo in new[] { "face_1.jpg", "face_12.jpg", "group_8.jpg", "scene_3.jpg" })
            File.Copy(TestData.Image(photo), Path.Combine(folder, photo));
        // Two inputs that would land on the same output name: the planner must settle them in input order.
        File.WriteAllBytes(Path.Combine(folder, "face_1.png"), new ImageCodec().Encode(TestImages(), null, OutputFormat.Png));
        var items = InputCollector.Collect([folder], recursive: false).Items;
        var pipeline = new FramePipelineBuilder(_store).Build(new ConversionSettings
        {
            MaxSize = 128, Format = OutputFormat.Jpeg, Faces = new FaceSettings { Enabled = false },
        });

        var sequential = Convert(items, pipeline, depth: 1);
        var pipelined = Convert(items, pipeline, depth: 3);

        Assert.Equal(items.Count, sequential.Records.Count);
        Assert.Equal(sequential.Records.Select(r => (r.Input, Path.GetFileName(r.Output), r.Status)),
            pipelined.Records.Select(r => (r.Input, Path.GetFileName(r.Output), r.Status)));
        Assert.All(pipelined.Records, r => Assert.Equal(ConversionRecord.Converted, r.Status));
        foreach (var record in sequential.Records)
        {
            var name = Path.GetFileName(record.Output!);
            Assert.Equal(File.ReadAllBytes(record.Output!), File.ReadAllBytes(Path.Combine(pipelined.Folder, name)));
        }
    }

    private (IReadOnlyList<ConversionRecord> Records, string Folder) Convert(IReadOnlyList<BatchItem> items, FramePipeline pipeline, int depth)
    {
        var output = Path.Combine(Folder, $"out-{depth}");
        var quiet = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No });
        var batch = new BatchConverter(new PhotoConverter(new ImageCodec()), pipeline,
            new OutputPlanner(output, singleFileInput: false, "hayao"), overwrite: false, depth);
        return (batch.Run(items, quiet, _ => { }, CancellationToken.None), output);
    }

    private static PixelBuffer TestImages()
    {
        var image = new PixelBuffer(96, 64, 3);
        for (var i = 0; i < image.Data.Length; i++) image.Data[i] = (byte)(i * 7 % 251);
        return image;
    }
}
