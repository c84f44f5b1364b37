using AnimeGan.Inference;

namespace AnimeGan.Tests;

/// <summary>One Hayao session for a whole test class: building it costs more than most tests.</summary>
public sealed class HayaoFixture : IDisposable
{
    public Stylizer Stylizer { get; } = new(TestData.HayaoModel);

    public void Dispose() => Stylizer.Dispose();
}
