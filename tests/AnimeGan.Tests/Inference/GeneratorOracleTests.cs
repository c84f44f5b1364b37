using AnimeGan.Imaging;
using AnimeGan.Inference;

namespace AnimeGan.Tests.Inference;

public class GeneratorOracleTests
{
    [Fact]
    public void HayaoReproducesTheReferenceOutputWithinTwoLevels()
    {
        var codec = new ImageCodec();
        using var input = codec.Decode(TestData.Reference("hayao_input_256.png"));
        using var expected = codec.Decode(TestData.Reference("hayao_output_256.png"));
        using var stylizer = new ImageModel(TestData.HayaoModel);

        var actual = stylizer.Run(input.ReadColour(256, 256));
        var reference = expected.ReadColour(256, 256);

        var worst = 0;
        for (var i = 0; i < actual.Data.Length; i++)
            worst = Math.Max(worst, Math.Abs(actual.Data[i] - reference.Data[i]));
        Assert.True(worst <= 2, $"largest difference from the oracle is {worst} levels");
    }
}
