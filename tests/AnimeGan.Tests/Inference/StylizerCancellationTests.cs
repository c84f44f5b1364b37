using AnimeGan.Imaging;

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
    public async Task CancellingDuringARunStopsIt()
    {
        // A 1024-px run takes seconds on a laptop CPU; the cancel lands inside it.
        using var photo = new ImageCodec().Decode(TestData.Image("scene_1.jpg"));
        var pixels = photo.ReadColour(1024, 680);
        using var cancellation = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var run = Task.Run(() =>
        {
            started.SetResult();
            return hayao.Model.Run(pixels, cancellation: cancellation.Token);
        });
        await started.Task;
        await Task.Delay(100);
        cancellation.Cancel();

        await Assert.ThrowsAsync<OperationCanceledException>(() => run);

        // The shared session is unharmed: the next run, not cancelled, completes.
        Assert.Equal(64, hayao.Model.Run(photo.ReadColour(64, 40)).Width);
    }
}
