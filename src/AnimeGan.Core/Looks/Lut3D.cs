using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
        var rgb = new float[size * size * size * 3];
        var step = 1f / (size - 1);
        Parallel.For(0, size, b =>
        {
            for (var g = 0; g < size; g++)
            for (var r = 0; r < size; r++)
            {
                var output = colour(new Vector3(r * step, g * step, b * step));
                var index = ((b * size + g) * size + r) * 3;
                rgb[index] = output.X;
                rgb[index + 1] = output.Y;
                rgb[index + 2] = output.Z;
            }
        });
        return new Lut3D(size, rgb, Vector3.Zero, Vector3.One);
    }

    /// <summary>Maps every pixel of an RGB image through the table, in place.</summary>
    public void Apply(PixelBuffer image)
    {
        if (image.Bands != 3) throw new ArgumentException("a LUT applies to RGB images", nameof(image));
        var axes = new[] { Axis(_domainMin.X, _domainMax.X, 1), Axis(_domainMin.Y, _domainMax.Y, Size), Axis(_domainMin.Z, _domainMax.Z, Size * Size) };
        RowBands.For(image.Height, image.Width, (top, bottom) =>
        {
            for (var y = top; y < bottom; y++) ApplyRow(image.Row(y), axes);
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

    private void ApplyRow(Span<byte> row, Axis[] axes)
    {
        ref var grid = ref MemoryMarshal.GetArrayDataReference(_grid);
        var (red, green, blue) = (axes[0], axes[1], axes[2]);
        var (stepR, stepG, stepB) = (red.Step, green.Step, blue.Step);
        for (var x = 0; x < row.Length; x += 3)
        {
            int r = row[x], g = row[x + 1], b = row[x + 2];
            var origin = red.Offsets[r] + green.Offsets[g] + blue.Offsets[b];
            float fr = red.Fractions[r], fg = green.Fractions[g], fb = blue.Fractions[b];
            var c000 = Load(ref grid, origin);
            var c111 = Load(ref grid, origin + stepR + stepG + stepB);
            Vector128<float> result;
            // The cube splits into six tetrahedra along its diagonal; the fractions' order picks one.
            if (fr > fg)
            {
                if (fg > fb)
                    result = c000 * (1 - fr) + Load(ref grid, origin + stepR) * (fr - fg) + Load(ref grid, origin + stepR + stepG) * (fg - fb) + c111 * fb;
                else if (fr > fb)
                    result = c000 * (1 - fr) + Load(ref grid, origin + stepR) * (fr - fb) + Load(ref grid, origin + stepR + stepB) * (fb - fg) + c111 * fg;
                else
                    result = c000 * (1 - fb) + Load(ref grid, origin + stepB) * (fb - fr) + Load(ref grid, origin + stepR + stepB) * (fr - fg) + c111 * fg;
            }
            else if (fb > fg)
                result = c000 * (1 - fb) + Load(ref grid, origin + stepB) * (fb - fg) + Load(ref grid, origin + stepG + stepB) * (fg - fr) + c111 * fr;
            else if (fb > fr)
                result = c000 * (1 - fg) + Load(ref grid, origin + stepG) * (fg - fb) + Load(ref grid, origin + stepG + stepB) * (fb - fr) + c111 * fr;
            else
                result = c000 * (1 - fg) + Load(ref grid, origin + stepG) * (fg - fr) + Load(ref grid, origin + stepR + stepG) * (fr - fb) + c111 * fb;
            var bytes = Vector128.ConvertToInt32(Vector128.Clamp(result, Vector128<float>.Zero, Vector128.Create(255f)));
            row[x] = (byte)bytes.GetElement(0);
            row[x + 1] = (byte)bytes.GetElement(1);
            row[x + 2] = (byte)bytes.GetElement(2);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Load(ref float grid, int offset) => Vector128.LoadUnsafe(ref grid, (nuint)offset);
}

/// <summary>Per 8-bit value of one channel: grid offset of the lower point, fraction towards the next; <see cref="Step"/> is the offset to the next point.</summary>
internal sealed record Axis(int[] Offsets, float[] Fractions, int Step);
