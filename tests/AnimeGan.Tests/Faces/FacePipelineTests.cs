using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using AnimeGan.Pipeline.Steps;

namespace AnimeGan.Tests.Faces;

[Collection(FaceCollection.Name)]
public class FacePipelineTests(FaceFixture fixture) : IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("animegan-face-models-").FullName;

    [Fact]
    public void APhotoWithoutFacesIsEncodedExactlyAsWithFacesOff()
    {
        var grey = fixture.Codec.Encode(FaceDetectionTests.Grey(256, 192), null, OutputFormat.Png);
        var converter = new PhotoConverter(fixture.Codec);
        var settings = new ConversionSettings { Format = OutputFormat.Png };

        var on = converter.Convert(grey, fixture.Pipeline(settings));
        var off = converter.Convert(grey, fixture.Pipeline(settings with { Faces = new FaceSettings { Enabled = false } }));

        Assert.Equal(off.Encoded, on.Encoded);
        Assert.Empty(on.Faces);
        Assert.Contains(on.Timings.Stages, stage => stage.Key == "faces");
        Assert.DoesNotContain(off.Timings.Stages, stage => stage.Key == "faces");
    }

    [Fact]
    public void AGroupPhotosProgressWeighsEveryFaceFromTheStart()
    {
        // Each face is a generator run of its own (a 352–512 px square, cut to where its mask reaches) beside the picture's one: with many faces the
        // faces are most of the work, and the bar has to give them most of its length, not what one face takes.
        var reports = new List<ConversionProgress>();
        var result = new PhotoConverter(fixture.Codec).Convert(TestData.Image("group_2.jpg"),
            fixture.Pipeline(new ConversionSettings { MaxSize = 512 }), new InlineProgress<ConversionProgress>(reports.Add));

        Assert.True(result.Faces.Count >= 4, $"group_2 should show several faces, found {result.Faces.Count}");
        double Start(string stage) => reports.First(r => r.Stage == stage).Fraction;
        var (stylize, faces) = (Start("faces") - Start("stylize"), Start("encode") - Start("faces"));
        // The picture and the faces run the same model, at the same rate: their shares are in the ratio of
        // their pixels, and every crop of this photo (four faces: no crowd) has at least half of 352² of them.
        var pictureSide = result.WorkingSize.Width * result.WorkingSize.Height;
        Assert.True(faces / stylize > 0.9 * result.Faces.Count * 352 * 352 / 2 / pictureSide,
            $"faces take {faces:P0} of the bar, the picture {stylize:P0}, for {result.Faces.Count} faces");
        // Each face moves the bar, in order.
        Assert.True(reports.Count(r => r.Stage == "faces") > result.Faces.Count);
        Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.First.Fraction <= pair.Second.Fraction));
    }

    [Fact]
    public void FacesAreReportedInThePhotosPixelsAndTheDebugImageIsAtWorkingSize()
    {
        // face_9 is 248×256; at --size 128 the faces are found and painted at 120×128.
        var converter = new PhotoConverter(fixture.Codec);
        var settings = new ConversionSettings { MaxSize = 128, Format = OutputFormat.Png, Faces = new FaceSettings { Debug = true } };

        var result = converter.Convert(TestData.Image("face_9.jpg"), fixture.Pipeline(settings));

        var reported = Assert.Single(result.Faces);
        var atFullSize = Assert.Single(fixture.Painter.Find(fixture.Photo("face_9.jpg"), new FaceSettings()));
        Assert.True(reported.Box.IntersectionOverUnion(atFullSize.Box) > 0.7f, $"reported {reported.Box}, at full size {atFullSize.Box}");
        Assert.True((reported.Landmarks.NoseTip - atFullSize.Landmarks.NoseTip).Length() < 8, "the nose is where it is in the photo");
        using var debug = fixture.Codec.Decode(Assert.IsType<byte[]>(result.FaceDebugImage));
        Assert.Equal((120, 128), (debug.Width, debug.Height));
        Assert.Equal(result.WorkingSize, (debug.Width, debug.Height));
    }

    [Fact]
    public void AFaceStyleWhoseModelIsMissingIsAClearErrorBeforeAnyWork()
    {
        LinkModels("ultraface_rfb_640.onnx", "face_mesh.onnx");
        using var store = new ModelStore(new ModelDirectories([new ModelDirectory(_models, "test")]));

        var error = Assert.Throws<ModelNotFoundException>(() =>
            new FramePipelineBuilder(store).Build(new ConversionSettings { Faces = new FaceSettings { Style = "hayao" } }, fixture.Hayao));

        Assert.StartsWith("face style:", error.Message);
        Assert.Contains("animeganv2_hayao.onnx", error.Message);
        Assert.Contains("animegan models add", error.Message);
    }

    [Fact]
    public void AnUnknownFaceStyleIsAClearError()
    {
        var error = Assert.Throws<UnknownModelException>(() =>
            fixture.Pipeline(new ConversionSettings { Faces = new FaceSettings { Style = "no-such-style" } }));

        Assert.Contains("face style", error.Message);
        Assert.Contains("no-such-style", error.Message);
    }

    [Fact]
    public void MissingFaceModelsAreAClearErrorThatNamesTheWayOut()
    {
        LinkModels("animeganv2_hayao.onnx");
        using var store = new ModelStore(new ModelDirectories([new ModelDirectory(_models, "test")]));

        var error = Assert.Throws<ModelNotFoundException>(() => new FramePipelineBuilder(store).Build(new ConversionSettings()));

        Assert.Contains("ultraface_rfb_640.onnx", error.Message);
        Assert.Contains("--no-faces", error.Message);
    }

    [Fact]
    public void TheFaceStyleDefaultsToThePicturesStyle()
    {
        var stages = fixture.Pipeline(new ConversionSettings()).Stages;
        Assert.Equal(["stylize", "faces"], stages.Select(s => s.Info.Name));
        Assert.Same(fixture.Hayao, ((StylizeStage)stages[0]).Generator);
    }

    public static TheoryData<FaceSettings> BadSettings =>
    [
        new() { Threshold = 0f },
        new() { Threshold = 1f },
        new() { Threshold = float.NaN },
        new() { MinSize = 4 },
        new() { MinSize = 100_000 },
        new() { Style = " " },
        new() { Style = "../hayao" },
    ];

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void BadFaceSettingsAreRejectedWithTheSettings(FaceSettings faces)
    {
        Assert.ThrowsAny<ArgumentException>(() => new ConversionSettings { Faces = faces }.Validate());
    }

    private void LinkModels(params string[] files)
    {
        foreach (var file in files) File.CreateSymbolicLink(Path.Combine(_models, file), Path.Combine(TestData.Models, file));
    }

    public void Dispose() => Directory.Delete(_models, recursive: true);
}
