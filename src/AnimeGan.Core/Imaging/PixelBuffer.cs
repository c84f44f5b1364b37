using NetVips;
using VipsImage = NetVips.Image;

namespace AnimeGan.Imaging;

/// <summary>
/// An 8-bit image in managed memory, bands interleaved row by row: 3 bands for sRGB colour, 1 for an
/// alpha plane or a mask. The shared currency between codecs, the model and the post-processing.
/// </summary>
public sealed class PixelBuffer
{
    public PixelBuffer(int width, int height, int bands)
        : this(width, height, bands, new byte[checked(width * height * bands)]) { }

    public PixelBuffer(int width, int height, int bands, byte[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (bands is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(bands), bands, "1 to 4 bands");
        if (data.Length != width * height * bands)
            throw new ArgumentException($"{data.Length} bytes do not make a {width}x{height}x{bands} image", nameof(data));
        Width = width;
        Height = height;
        Bands = bands;
        Data = data;
    }

    public int Width { get; }
    public int Height { get; }
    public int Bands { get; }
    public byte[] Data { get; }
    public int Stride => Width * Bands;

    public Span<byte> Row(int y) => Data.AsSpan(y * Stride, Stride);

    public PixelBuffer Clone() => new(Width, Height, Bands, (byte[])Data.Clone());

    /// <summary>A libvips image holding a copy of these pixels, for libvips to resample, blur or encode.</summary>
    internal VipsImage ToVipsImage()
    {
        ImageCodec.EnsureLibVipsStarted();
        return VipsImage.NewFromMemoryCopy<byte>(Data, Width, Height, Bands, Enums.BandFormat.Uchar);
    }

    /// <summary>Computes the libvips pipeline and copies its result, cast to 8 bits, into managed memory.</summary>
    internal static PixelBuffer FromVipsImage(VipsImage image)
    {
        using var uchar = image.Format == Enums.BandFormat.Uchar ? null : image.Cast(Enums.BandFormat.Uchar);
        var source = uchar ?? image;
        return new PixelBuffer(source.Width, source.Height, source.Bands, source.WriteToMemory<byte>());
    }

    public override string ToString() => $"{Width}x{Height}x{Bands}";
}
