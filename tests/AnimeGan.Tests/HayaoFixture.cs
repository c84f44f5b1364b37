using AnimeGan.Faces;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Pipeline;

namespace AnimeGan.Tests;

/// <summary>One Hayao session for a whole test class: building it costs more than most tests.</summary>
public sealed class HayaoFixture : IDisposable
{
    private readonly ModelStore _store = new(new ModelDirectories([new ModelDirectory(TestData.Models, "tests")]));

    public ImageModel Model { get; } = new(TestData.HayaoModel);

    /// <summary>The pipeline <paramref name="settings"/> call for, painting with <see cref="Model"/>; face protection off unless asked for.</summary>
    public FramePipeline Pipeline(ConversionSettings settings, bool faces = false) =>
        new FramePipelineBuilder(_store).Build(settings with { Faces = settings.Faces with { Enabled = faces } }, Model);

    public void Dispose()
    {
        Model.Dispose();
        _store.Dispose();
    }
}
