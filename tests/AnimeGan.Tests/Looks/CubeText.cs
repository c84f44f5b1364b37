using System.Globalization;
using System.Text;

namespace AnimeGan.Tests.Looks;

/// <summary>.cube LUT texts, six decimals as Resolve writes them, for tests (the server tests and the benchmarks link this file too).</summary>
public static class CubeText
{
    /// <summary>The header, then size³ entries of <paramref name="entry"/> at the grid points (0–1), red fastest.</summary>
    public static string Of(int size, Func<float, float, float, (float R, float G, float B)> entry, string header = "")
    {
        var text = new StringBuilder(header).Append(CultureInfo.InvariantCulture, $"LUT_3D_SIZE {size}\n");
        for (var b = 0; b < size; b++)
        for (var g = 0; g < size; g++)
        for (var r = 0; r < size; r++)
        {
            var (x, y, z) = entry(r / (size - 1f), g / (size - 1f), b / (size - 1f));
            text.Append(CultureInfo.InvariantCulture, $"{x:0.000000} {y:0.000000} {z:0.000000}\n");
        }
        return text.ToString();
    }

    /// <summary>A LUT that swaps red and blue.</summary>
    public static string SwapRedBlue(int size = 9) => Of(size, (r, g, b) => (b, g, r));
}
