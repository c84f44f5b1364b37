using AnimeGan.Imaging;
using AnimeGan.Inference;

namespace AnimeGan.Tests.Inference;

public class GeneratorTensorsTests
{
    // Two pixels: (0, 127.5-ish, 255) and (255, 0, 51).
    private static readonly PixelBuffer TwoPixels = new(2, 1, 3, [0, 128, 255, 255, 0, 51]);

    [Fact]
    public void NchwPutsEachChannelInItsOwnPlaneScaledToMinusOneOne()
    {
        var tensor = new float[6];

        GeneratorTensors.Write(TwoPixels, tensor, TensorLayout.Nchw);

        float[] expected = [-1f, 1f, 128 / 127.5f - 1, -1f, 1f, 51 / 127.5f - 1];
        Assert.Equal(expected, tensor, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void NhwcKeepsPixelsInterleaved()
    {
        var tensor = new float[6];

        GeneratorTensors.Write(TwoPixels, tensor, TensorLayout.Nhwc);

        Assert.Equal(-1f, tensor[0]);
        Assert.Equal(1f, tensor[2]);
        Assert.Equal(1f, tensor[3]);
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void WriteThenReadGivesThePixelsBack(TensorLayout layout)
    {
        var tensor = new float[6];
        var back = new PixelBuffer(2, 1, 3);

        GeneratorTensors.Write(TwoPixels, tensor, layout);
        GeneratorTensors.Read(tensor, layout, back);

        Assert.Equal(TwoPixels.Data, back.Data);
    }

    [Fact]
    public void OutputIsRoundedAndClamped()
    {
        var back = new PixelBuffer(1, 1, 3);

        GeneratorTensors.Read([-1.5f, 1.5f, 0f], TensorLayout.Nhwc, back);

        Assert.Equal([0, 255, 128], back.Data.Select(v => (int)v));
    }
}
