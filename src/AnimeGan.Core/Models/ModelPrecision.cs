namespace AnimeGan.Models;

/// <summary>Which file of a style runs: the float generator, or its INT8 quantization (`animegan models quantize`).</summary>
public enum ModelPrecision
{
    Fp32,
    Int8,
}
