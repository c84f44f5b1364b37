using AnimeGan.Imaging;
using AnimeGan.Pipeline;

namespace AnimeGan.Tests.Inference;

/// <summary>Cancelling a conversion stops the generator itself, not only the stages around it (the server's DELETE relies on it).</summary>
public class StylizerCancellationTests(HayaoFixture hayao) : IClassFixture<HayaoFixture>
{
    [Fact]
    public void AnAlreadyCancelledTokenRunsNothing()
    {
        var pixels = new PixelBuffer(64, 64, 3);
        Assert.Throws<OperationCanceledException>(() => hayao.Model.Run(pixels, cancellation: new CancellationToken(canceled: true)));
    }

    [Fact]
    public void CancellingDuringARunStopsIt()
    {
        // A 1024-px run takes seconds on a laptop CPU. The cancel lands inside it at the run's first progress tick
        // (a quarter second in, on the run clock's own thread): a delay on a busy thread pool could fire only after
        // the run had ended, and this test then failed with nothing to cancel.
        using var photo = new ImageCodec().Decode(TestData.Image("scene_1.jpg"));
        var pixels = photo.ReadColour(1024, 680);
        using var cancellation = new CancellationTokenSource();

        Assert.Throws<OperationCanceledException>(() =>
            hayao.Model.Run(pixels, new InlineProgress<double>(_ => cancellation.Cancel()), cancellation.Token));

        // The shared session is unharmed: the next run, not cancelled, completes.
        Assert.Equal(64, hayao.Model.Run(photo.ReadColour(64, 40)).Width);
    }
}
