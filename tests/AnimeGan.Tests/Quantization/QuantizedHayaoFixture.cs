namespace AnimeGan.Tests.Quantization;

/// <summary>Hayao's INT8 model (<see cref="QuantizedHayao"/>), in a model folder of its own.</summary>
public sealed class QuantizedHayaoFixture
{
    public string Path { get; } = QuantizedHayao.ModelPath;

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;
}
