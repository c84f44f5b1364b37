using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Pipeline;

namespace AnimeGan.Tests.Faces;

/// <summary>Every face test class shares one model store, so each ONNX session is built once per run.</summary>
[CollectionDefinition(Name)]
public sealed class FaceCollection : ICollectionFixture<FaceFixture>
{
    public const string Name = "faces";
}

public sealed record GroupPainting(PixelBuffer Picture, PixelBuffer Styled, FacePainting Painting);

public sealed class FaceFixture : IDisposable
{
    public FaceFixture()
    {
        Store = new ModelStore(new ModelDirectories([new ModelDirectory(TestData.Models, "tests")]));
        Painter = new FacePainter(Store.GetFaceModels());
        _twoFaces = new Lazy<GroupPainting>(() =>
        {
            var picture = Photo("group_13.jpg", WorkingSize.DefaultMaxSide);
            var styled = Hayao.Run(picture);
            return new GroupPainting(picture, styled, Painter.Paint(picture, styled, Hayao, new FaceSettings()));
        });
    }

    public ModelStore Store { get; }
    public FacePainter Painter { get; }
    public ImageCodec Codec { get; } = new();
    public ImageModel Hayao => Store.GetGenerator("hayao");
    public FaceModels Models => Store.GetFaceModels();

    /// <summary>The whole conversion's pipeline in the Hayao style, with face protection unless <paramref name="settings"/> turn it off.</summary>
    public FramePipeline Pipeline(ConversionSettings settings) => new FramePipelineBuilder(Store).Build(settings);

    /// <summary>group_13 (448×344, two faces) stylized whole and then with its faces repainted at 512: computed once.</summary>
    public GroupPainting TwoFaces => _twoFaces.Value;

    private readonly Lazy<GroupPainting> _twoFaces;

    /// <summary>A shared photo at its own size, or at the working size for <paramref name="maxSide"/>.</summary>
    public PixelBuffer Photo(string name, int? maxSide = null)
    {
        using var photo = Codec.Decode(TestData.Image(name));
        var (width, height) = maxSide is { } side ? WorkingSize.For(photo.Width, photo.Height, side) : (photo.Width, photo.Height);
        return photo.ReadColour(width, height);
    }

    /// <summary>The shared photos whose names start with <paramref name="prefix"/> ("face_", "group_").</summary>
    public static IEnumerable<string> Photos(string prefix) =>
        Directory.EnumerateFiles(Path.Combine(TestData.Shared, "images"), prefix + "*.jpg")
            .Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public void Dispose() => Store.Dispose();
}
