using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Models;
using AnimeGan.Pipeline;

namespace AnimeGan.Tests.Faces;

[Collection(FaceCollection.Name)]
public class FacePipelineTests(FaceFixture fixture) : IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("animegan-face-models-").FullName;

    [Fact]
    public void APhotoWithoutFacesIsEncodedExactlyAsWithFacesOff()
    {
        var grey = fixture.Codec.Encode(FaceDetectionTests.Grey(256, 192), null, OutputFormat.Png);
        var converter = new PhotoConverter(fixture.Codec, fixture.Painter);
        var settings = new ConversionSettings { Format = OutputFormat.Png };

        var on = converter.Convert(grey, fixture.Hayao, settings);
        var off = converter.Convert(grey, fixture.Hayao, settings with { Faces = new FaceSettings { Enabled = false } });

        Assert.Equal(off.Encoded, on.Encoded);
        Assert.Empty(on.Faces);
        Assert.Contains(on.Timings.Stages, stage => stage.Key == "faces");
        Assert.DoesNotContain(off.Timings.Stages, stage => stage.Key == "faces");
    }

    [Fact]
    public void FacesAreReportedInThePhotosPixelsAndTheDebugImageIsAtWorkingSize()
    {
        // face_9 is 248×256; at --size 128 the faces are found and painted at 120×128.
        var converter = new PhotoConverter(fixture.Codec, fixture.Painter);
        var settings = new ConversionSettings { MaxSize = 128, Format = OutputFormat.Png, Faces = new FaceSettings { Debug = true } };

        var result = converter.Convert(TestData.Image("face_9.jpg"), fixture.Hayao, settings);

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
        var painter = new FacePainter(store);
        var photo = FaceDetectionTests.Grey(64, 64);

        var error = Assert.Throws<ModelNotFoundException>(() =>
            painter.Paint(photo, photo, fixture.Hayao, new FaceSettings { Style = "hayao" }));

        Assert.StartsWith("face style:", error.Message);
        Assert.Contains("animeganv2_hayao.onnx", error.Message);
        Assert.Contains("animegan models add", error.Message);
    }

    [Fact]
    public void AnUnknownFaceStyleIsAClearError()
    {
        var error = Assert.Throws<UnknownModelException>(() =>
            fixture.Painter.Prepare(new FaceSettings { Style = "no-such-style" }, fixture.Hayao));

        Assert.Contains("face style", error.Message);
        Assert.Contains("no-such-style", error.Message);
    }

    [Fact]
    public void MissingFaceModelsAreAClearErrorThatNamesTheWayOut()
    {
        LinkModels("animeganv2_hayao.onnx");
        using var store = new ModelStore(new ModelDirectories([new ModelDirectory(_models, "test")]));

        var error = Assert.Throws<ModelNotFoundException>(() => new FacePainter(store).Prepare(new FaceSettings(), fixture.Hayao));

        Assert.Contains("ultraface_rfb_640.onnx", error.Message);
        Assert.Contains("--no-faces", error.Message);
    }

    [Fact]
    public void TheFaceStyleDefaultsToThePicturesStyle()
    {
        Assert.Same(fixture.Hayao, fixture.Painter.Prepare(new FaceSettings(), fixture.Hayao));
        Assert.Same(fixture.Hayao, fixture.Painter.Prepare(new FaceSettings { Style = "hayao" }, fixture.Hayao));
    }

    public static TheoryData<FaceSettings> BadSettings =>
    [
        new() { Threshold = 0f },
        new() { Threshold = 1f },
        new() { Threshold = float.NaN },
        new() { MinSize = 4 },
        new() { MinSize = 100_000 },
        new() { Style = " " },
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
