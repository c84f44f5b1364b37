using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Models;

namespace AnimeGan.Tests.Inference;

public class ImageTensorsTests
{
    // Two pixels: (0, 127.5-ish, 255) and (255, 0, 51).
    private static readonly PixelBuffer TwoPixels = new(2, 1, 3, [0, 128, 255, 255, 0, 51]);

    [Fact]
    public void NchwPutsEachChannelInItsOwnPlaneScaledToMinusOneOne()
    {
        var tensor = new float[6];

        new ImageTensors(ModelContract.Generator, TensorLayout.Nchw).Write(TwoPixels, tensor);

        float[] expected = [-1f, 1f, 128 / 127.5f - 1, -1f, 1f, 51 / 127.5f - 1];
        Assert.Equal(expected, tensor, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void NhwcKeepsPixelsInterleaved()
    {
        var tensor = new float[6];

        new ImageTensors(ModelContract.Generator, TensorLayout.Nhwc).Write(TwoPixels, tensor);

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

        var tensors = new ImageTensors(ModelContract.Generator, layout);
        tensors.Write(TwoPixels, tensor);
        tensors.Read(tensor, back);

        Assert.Equal(TwoPixels.Data, back.Data);
    }

    [Fact]
    public void OutputIsRoundedAndClamped()
    {
        var back = new PixelBuffer(1, 1, 3);

        new ImageTensors(ModelContract.Generator, TensorLayout.Nhwc).Read([-1.5f, 1.5f, 0f], back);

        Assert.Equal([0, 255, 128], back.Data.Select(v => (int)v));
    }

    [Theory]
    [InlineData("0..255", 51f)]
    [InlineData("0..1", 0.2f)]
    public void OtherRangesMapBytesOntoTheirOwnScale(string range, float expectedFor51)
    {
        var contract = ModelContract.Generator with { InputRange = range == "0..1" ? ValueRange.ZeroToOne : ValueRange.ZeroTo255 };
        var tensors = new ImageTensors(contract, TensorLayout.Nhwc);
        var tensor = new float[6];
        var back = new PixelBuffer(2, 1, 3);

        tensors.Write(TwoPixels, tensor);
        tensors.Read(tensor, back);

        Assert.Equal(expectedFor51, tensor[5], 1e-6f);
        Assert.Equal(TwoPixels.Data, back.Data);
    }

    [Fact]
    public void BgrModelsGetTheChannelsSwappedBothWays()
    {
        var tensors = new ImageTensors(ModelContract.Generator with { Channels = ChannelOrder.Bgr }, TensorLayout.Nchw);
        var tensor = new float[6];
        var back = new PixelBuffer(2, 1, 3);

        tensors.Write(TwoPixels, tensor);
        tensors.Read(tensor, back);

        Assert.Equal(1f, tensor[0]); // the blue plane first: pixel 0's blue is 255
        Assert.Equal(TwoPixels.Data, back.Data);
    }
}
