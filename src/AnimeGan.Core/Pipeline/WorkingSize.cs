namespace AnimeGan.Pipeline;

/// <summary>
/// The size the generator works at: aspect ratio kept, long side capped, both sides rounded to
/// multiples of the generator's size multiple (it halves the image log2 of that many times and must
/// get back to the same size: 8 for AnimeGANv2, 16 for the Cute network).
/// </summary>
public static class WorkingSize
{
    public const int DefaultMaxSide = 1024;
    public const int MinMaxSide = 64;
    public const int MaxMaxSide = 8192;

    public static (int Width, int Height) For(int width, int height, int maxSide, int multiple = 8)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(multiple);
        if (maxSide is < MinMaxSide or > MaxMaxSide)
            throw new ArgumentOutOfRangeException(nameof(maxSide), maxSide, $"the size must be {MinMaxSide} to {MaxMaxSide}");
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(width, height));
        var cap = Math.Max(multiple, maxSide / multiple * multiple);
        return (Round(width * scale, multiple, cap), Round(height * scale, multiple, cap));
    }

    private static int Round(double length, int multiple, int cap) => Math.Clamp((int)Math.Round(length / multiple) * multiple, multiple, cap);
}
