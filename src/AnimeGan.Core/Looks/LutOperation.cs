using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>A loaded 3-D LUT as a look operation.</summary>
public sealed class LutOperation(Lut3D lut) : ILookOperation
{
    public string Name => "lut";

    public void Apply(PixelBuffer image) => lut.Apply(image);
}
