using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>One step of the look chain: changes an 8-bit sRGB image in place, keeping its size.</summary>
public interface ILookOperation
{
    /// <summary>Short name for timings and logs ("strength", "lut", …).</summary>
    string Name { get; }

    void Apply(PixelBuffer image);
}
