namespace AnimeGan.Pipeline;

/// <summary>
/// The size the generator works at: aspect ratio kept, long side capped, both sides rounded to
/// multiples of 8 (the generator downsamples by 2 three times and must get back to the same size).
/// </summary>
public static class WorkingSize
{
    public const int DefaultMaxSide = 1024;
    public const int MinMaxSide = 64;
    public const int MaxMaxSide = 8192;

    public static (int Width, int Height) For(int width, int height, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (maxSide is < MinMaxSide or > MaxMaxSide)
            throw new ArgumentOutOfRangeException(nameof(maxSide), maxSide, $"the size must be {MinMaxSide} to {MaxMaxSide}");
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(width, height));
        var cap = maxSide / 8 * 8;
        return (RoundTo8(width * scale, cap), RoundTo8(height * scale, cap));
    }

    private static int RoundTo8(double length, int cap) => Math.Clamp((int)Math.Round(length / 8) * 8, 8, cap);
}
