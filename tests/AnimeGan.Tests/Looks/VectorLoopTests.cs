using System.Runtime.Intrinsics.X86;
using AnimeGan.Looks;

namespace AnimeGan.Tests.Looks;

/// <summary>The AVX2 loops give what the scalar loops (used on other CPUs and for row ends) give.</summary>
public class VectorLoopTests
{
    [Fact]
    public void TheLutLoopsAgree()
    {
        if (!Avx2.IsSupported) return;
        var lut = Lut3D.Bake(17, rgb => new(rgb.Y * rgb.Z, 1 - rgb.X, rgb.Z * rgb.Z));
        var (vector, scalar) = (LookImages.Photo("scene_3.jpg", 203, 97), LookImages.Photo("scene_3.jpg", 203, 97));

        lut.Apply(vector, vectorized: true);
        lut.Apply(scalar, vectorized: false);

        Assert.Equal(scalar.Data, vector.Data);
    }

    [Fact]
    public void TheGlowLoopsAgree()
    {
        if (!Avx2.IsSupported) return;
        var (vector, scalar) = (LookImages.Photo("scene_3.jpg", 601, 317), LookImages.Photo("scene_3.jpg", 601, 317));

        new Glow(1).Apply(vector, vectorized: true);
        new Glow(1).Apply(scalar, vectorized: false);

        Assert.Equal(scalar.Data, vector.Data);
    }

    [Fact]
    public void TheSharpenLoopsAgree()
    {
        if (!Avx2.IsSupported) return;
        var (vector, scalar) = (LookImages.Photo("scene_2.jpg", 203, 97), LookImages.Photo("scene_2.jpg", 203, 97));

        new Sharpen(2, 1.5).Apply(vector, vectorized: true);
        new Sharpen(2, 1.5).Apply(scalar, vectorized: false);

        Assert.Equal(scalar.Data, vector.Data);
    }
}
