using AnimeGan.Imaging;
using AnimeGan.Models;

namespace AnimeGan.Tests.Inference;

public class GeneratorOracleTests
{
    public static TheoryData<string, string> Styles => new()
    {
        { "hayao", "hayao_output_256.png" },
        { "shinkai", "animeganv3_shinkai_37_output_256.png" },
        { "hayao-v3", "animeganv3_hayao_36_output_256.png" },
        { "cute", "animeganv3_cute_output_256.png" },
        { "cartoon", "whitebox_cartoon_output_256.png" },
    };

    [Theory]
    [MemberData(nameof(Styles))]
    public void EachStyleReproducesItsReferenceOutputWithinTwoLevels(string style, string reference)
    {
        var codec = new ImageCodec();
        using var input = codec.Decode(TestData.Reference("hayao_input_256.png"));
        using var expected = codec.Decode(TestData.Reference(reference));
        using var store = new ModelStore(new ModelDirectories([new ModelDirectory(TestData.Models, "tests")]));

        var actual = store.GetGenerator(style).Run(input.ReadColour(256, 256));
        var oracle = expected.ReadColour(256, 256);

        var worst = 0;
        for (var i = 0; i < actual.Data.Length; i++)
            worst = Math.Max(worst, Math.Abs(actual.Data[i] - oracle.Data[i]));
        Assert.True(worst <= 2, $"{style}: the largest difference from the oracle is {worst} levels");
    }
}
