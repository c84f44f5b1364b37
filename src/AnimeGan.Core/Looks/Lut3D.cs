using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>
/// A 3-D colour lookup table on encoded sRGB, applied with tetrahedral interpolation. Loaded from a
/// .cube file (<see cref="CubeFile"/>) or baked from any colour function (the Shinkai grade, colour
/// transfer), so every per-pixel colour mapping shares this one fast loop.
/// </summary>
public sealed class Lut3D
{
    public const int MinSize = 2, MaxSize = 65;

    // One vertex per 4 floats (R, G, B, unused), red varying fastest as in .cube files. Values are
    // stored as 255·v + 0.5: the interpolation weights sum to 1, so truncating the result rounds it.
    private readonly float[] _grid;
    private readonly Vector3 _domainMin, _domainMax;

    /// <param name="size">Points per axis.</param>
    /// <param name="rgb">size³ output colours, 3 floats each, red index fastest, then green, then blue.</param>
    /// <param name="domainMin">Input value of the first grid point per channel (the .cube DOMAIN_MIN).</param>
    /// <param name="domainMax">Input value of the last grid point per channel (the .cube DOMAIN_MAX).</param>
    public Lut3D(int size, ReadOnlySpan<float> rgb, Vector3 domainMin, Vector3 domainMax)
    {
        if (size is < MinSize or > MaxSize) throw new ArgumentOutOfRangeException(nameof(size), size, $"a 3-D LUT has {MinSize} to {MaxSize} points per axis");
        if (rgb.Length != size * size * size * 3) throw new ArgumentException($"a {size}³ LUT needs {size * size * size * 3} values, not {rgb.Length}", nameof(rgb));
        if (!(domainMin.X < domainMax.X && domainMin.Y < domainMax.Y && domainMin.Z < domainMax.Z))
            throw new ArgumentException("the domain minimum must be below the maximum in every channel");
        Size = size;
        _domainMin = domainMin;
        _domainMax = domainMax;
        _grid = new float[size * size * size * 4];
        for (var i = 0; i < size * size * size; i++)
        for (var c = 0; c < 3; c++)
            _grid[i * 4 + c] = rgb[i * 3 + c] * 255f + 0.5f;
    }

    public int Size { get; }

    /// <summary>Samples <paramref name="colour"/> (encoded sRGB 0–1 in, 0–1 out) on a size³ grid over 0–1.</summary>
    public static Lut3D Bake(int size, Func<Vector3, Vector3> colour)
    {
        var step = 1f / (size - 1);
        return Sample(size, (r, g, b) => colour(new Vector3(r * step, g * step, b * step)));
    }

    /// <summary>
    /// Samples a colour function of L*a*b* on a size³ grid over encoded sRGB: each grid colour goes to
    /// Lab, through <paramref name="labColour"/>, and back to sRGB (clipped to the gamut).
    /// </summary>
    public static Lut3D BakeInLab(int size, Func<Vector3, Vector3> labColour)
    {
        var linear = Enumerable.Range(0, size).Select(i => Srgb.ToLinear(i / (size - 1f))).ToArray();
        return Sample(size, (r, g, b) => Lab.ToSrgb(labColour(Lab.FromLinear(new Vector3(linear[r], linear[g], linear[b])))));
    }

    private static Lut3D Sample(int size, Func<int, int, int, Vector3> colourAt)
    {
        var rgb = new float[size * size * size * 3];
        Parallel.For(0, size, b =>
        {
            for (var g = 0; g < size; g++)
            for (var r = 0; r < size; r++)
            {
                var output = colourAt(r, g, b);
                var index = ((b * size + g) * size + r) * 3;
                rgb[index] = output.X;
                rgb[index + 1] = output.Y;
                rgb[index + 2] = output.Z;
            }
        });
        return new Lut3D(size, rgb, Vector3.Zero, Vector3.One);
    }

    /// <summary>Maps every pixel of an RGB image through the table, in place.</summary>
    public void Apply(PixelBuffer image) => Apply(image, Avx2.IsSupported);

    /// <param name="image">The image.</param>
    /// <param name="vectorized">Whether to use the AVX2 loop (tests compare it with the scalar one).</param>
    internal void Apply(PixelBuffer image, bool vectorized)
    {
        if (image.Bands != 3) throw new ArgumentException("a LUT applies to RGB images", nameof(image));
        var axes = new Axes(Axis(_domainMin.X, _domainMax.X, 1), Axis(_domainMin.Y, _domainMax.Y, Size), Axis(_domainMin.Z, _domainMax.Z, Size * Size));
        RowBands.For(image.Height, image.Width, (top, bottom) =>
        {
            for (var y = top; y < bottom; y++)
            {
                var row = image.Row(y);
                var done = vectorized ? ApplyEightAtATime(row, axes) : 0;
                ApplyOneAtATime(row[done..], axes);
            }
        });
    }

    /// <summary>Where each 8-bit input value falls on one axis: the lower grid point (as a float offset into the grid) and the fraction beyond it.</summary>
    private Axis Axis(float domainMin, float domainMax, int stride)
    {
        var offsets = new int[256];
        var fractions = new float[256];
        for (var v = 0; v < 256; v++)
        {
            var position = Math.Clamp((v / 255f - domainMin) / (domainMax - domainMin), 0f, 1f) * (Size - 1);
            var lower = Math.Min((int)position, Size - 2);
            offsets[v] = lower * stride * 4;
            fractions[v] = position - lower;
        }
        return new Axis(offsets, fractions, stride * 4);
    }


    private void ApplyOneAtATime(Span<byte> row, Axes axes)
    {
        if (row.IsEmpty) return;
        ref var grid = ref MemoryMarshal.GetArrayDataReference(_grid);
        var (red, green, blue) = axes;
        var (firstStep, lastStep) = (axes.FirstSteps, axes.LastSteps);
        var diagonal = red.Step + green.Step + blue.Step;
        var maximum = Vector128.Create(255f);
        for (var x = 0; x < row.Length; x += 3)
        {
            int r = row[x], g = row[x + 1], b = row[x + 2];
            var origin = red.Offsets[r] + green.Offsets[g] + blue.Offsets[b];
            float fr = red.Fractions[r], fg = green.Fractions[g], fb = blue.Fractions[b];
            var code = (fr >= fg ? 4 : 0) | (fr >= fb ? 2 : 0) | (fg >= fb ? 1 : 0);
            var high = MathF.Max(fr, MathF.Max(fg, fb));
            var low = MathF.Min(fr, MathF.Min(fg, fb));
            var middle = fr + fg + fb - high - low;
            var result = Load(ref grid, origin) * (1 - high)
                         + Load(ref grid, origin + firstStep[code]) * (high - middle)
                         + Load(ref grid, origin + diagonal - lastStep[code]) * (middle - low)
                         + Load(ref grid, origin + diagonal) * low;
            var bytes = Vector128.ConvertToInt32(Vector128.Min(Vector128.Max(result, Vector128<float>.Zero), maximum));
            row[x] = (byte)bytes.GetElement(0);
            row[x + 1] = (byte)bytes.GetElement(1);
            row[x + 2] = (byte)bytes.GetElement(2);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Load(ref float grid, int offset) => Vector128.LoadUnsafe(ref grid, (nuint)offset);

    /// <summary>The same interpolation, eight pixels per step with AVX2 gathers; returns how many bytes it did.</summary>
    private unsafe int ApplyEightAtATime(Span<byte> row, Axes axes)
    {
        var end = row.Length - RgbVectors.ReadBytes;
        if (end < 0) return 0;
        var (red, green, blue) = axes;
        var firstSteps = Vector256.Create(axes.FirstSteps);
        var lastSteps = Vector256.Create(axes.LastSteps);
        var diagonal = Vector256.Create(red.Step + green.Step + blue.Step);
        var one = Vector256.Create(1f);
        fixed (byte* pixels = row)
        fixed (float* grid = _grid)
        fixed (int* offsetsR = red.Offsets, offsetsG = green.Offsets, offsetsB = blue.Offsets)
        fixed (float* fractionsR = red.Fractions, fractionsG = green.Fractions, fractionsB = blue.Fractions)
        {
            var x = 0;
            for (; x <= end; x += 24)
            {
                var (r, g, b) = RgbVectors.Load8(pixels + x);

                var origin = Avx2.GatherVector256(offsetsR, r, 4) + Avx2.GatherVector256(offsetsG, g, 4) + Avx2.GatherVector256(offsetsB, b, 4);
                var fr = Avx2.GatherVector256(fractionsR, r, 4);
                var fg = Avx2.GatherVector256(fractionsG, g, 4);
                var fb = Avx2.GatherVector256(fractionsB, b, 4);
                var code = (Vector256.GreaterThanOrEqual(fr, fg).AsInt32() & Vector256.Create(4))
                           | (Vector256.GreaterThanOrEqual(fr, fb).AsInt32() & Vector256.Create(2))
                           | (Vector256.GreaterThanOrEqual(fg, fb).AsInt32() & Vector256.Create(1));
                var highest = Vector256.Max(fr, Vector256.Max(fg, fb));
                var lowest = Vector256.Min(fr, Vector256.Min(fg, fb));
                var middle = fr + fg + fb - highest - lowest;
                var first = origin + Avx2.PermuteVar8x32(firstSteps, code);
                var second = origin + diagonal - Avx2.PermuteVar8x32(lastSteps, code);
                var last = origin + diagonal;
                var (w0, w1, w2, w3) = (one - highest, highest - middle, middle - lowest, lowest);
                RgbVectors.Store8(pixels + x,
                    Interpolate(grid, origin, first, second, last, w0, w1, w2, w3),
                    Interpolate(grid + 1, origin, first, second, last, w0, w1, w2, w3),
                    Interpolate(grid + 2, origin, first, second, last, w0, w1, w2, w3));
            }
            return x;
        }
    }

    /// <summary>One channel (the plane starting at <paramref name="plane"/>) of eight pixels: the weighted tetrahedron corners, as 0–255 ints.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<int> Interpolate(float* plane, Vector256<int> corner0, Vector256<int> corner1, Vector256<int> corner2, Vector256<int> corner3,
        Vector256<float> weight0, Vector256<float> weight1, Vector256<float> weight2, Vector256<float> weight3)
    {
        var value = Avx2.GatherVector256(plane, corner0, 4) * weight0 + Avx2.GatherVector256(plane, corner1, 4) * weight1
                    + Avx2.GatherVector256(plane, corner2, 4) * weight2 + Avx2.GatherVector256(plane, corner3, 4) * weight3;
        return Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(value, Vector256<float>.Zero), Vector256.Create(255f)));
    }
}

/// <summary>Per 8-bit value of one channel: grid offset of the lower point, fraction towards the next; <see cref="Step"/> is the offset to the next point.</summary>
internal sealed record Axis(int[] Offsets, float[] Fractions, int Step);

/// <summary>
/// The three axes, and how to walk a grid cell: the cube between grid points splits into six tetrahedra
/// along its diagonal and the order of the three fractions picks one. A code made of the bits
/// (fr ≥ fg, fr ≥ fb, fg ≥ fb) indexes the step of the axis taken first and of the axis taken last,
/// so the loops do not branch on the pixel.
/// </summary>
internal sealed record Axes(Axis Red, Axis Green, Axis Blue)
{
    public int[] FirstSteps { get; } = [Blue.Step, Green.Step, Blue.Step, Green.Step, Blue.Step, Blue.Step, Red.Step, Red.Step];

    public int[] LastSteps { get; } = [Red.Step, Red.Step, Blue.Step, Blue.Step, Green.Step, Blue.Step, Green.Step, Blue.Step];
}
