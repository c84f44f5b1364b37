using System.Buffers.Binary;
using AnimeGan.Imaging;
using NetVips;

namespace AnimeGan.Tests.Imaging;

/// <summary>Synthetic test pictures and files written by libvips itself.</summary>
internal static class TestImages
{
    /// <summary>A smooth colour gradient: survives lossy codecs with small, predictable errors.</summary>
    public static PixelBuffer Gradient(int width, int height)
    {
        var image = new PixelBuffer(width, height, 3);
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                row[x * 3] = (byte)(255 * x / Math.Max(1, width - 1));
                row[x * 3 + 1] = (byte)(255 * y / Math.Max(1, height - 1));
                row[x * 3 + 2] = (byte)(128 + 64 * Math.Sin(x * 0.05));
            }
        }
        return image;
    }

    public static PixelBuffer Solid(int width, int height, byte r, byte g, byte b)
    {
        var image = new PixelBuffer(width, height, 3);
        for (var i = 0; i < image.Data.Length; i += 3)
        {
            image.Data[i] = r;
            image.Data[i + 1] = g;
            image.Data[i + 2] = b;
        }
        return image;
    }

    /// <summary>Encodes with libvips' saver for the suffix (".gif", ".tif", ".avif", …).</summary>
    public static byte[] Encode(PixelBuffer pixels, string suffix, VOption? options = null)
    {
        using var image = pixels.ToVipsImage();
        return image.WriteToBuffer(suffix, options);
    }

    /// <summary>A JPEG whose EXIF says "rotate 90° clockwise to display" (orientation 6), written by libvips.</summary>
    public static byte[] JpegWithOrientation(PixelBuffer pixels, int orientation)
    {
        using var image = pixels.ToVipsImage();
        using var tagged = image.Mutate(copy => copy.Set(GValue.GIntType, "orientation", orientation));
        return tagged.JpegsaveBuffer(q: 95);
    }

    /// <summary>Converts through libvips to another colour space (CMYK, black and white) and encodes.</summary>
    public static byte[] EncodeInColourspace(PixelBuffer pixels, Enums.Interpretation space, string suffix)
    {
        using var image = pixels.ToVipsImage();
        using var converted = image.Colourspace(space);
        return converted.WriteToBuffer(suffix);
    }

    /// <summary>A 16-bit RGB PNG holding exactly <paramref name="pixels"/> × 257.</summary>
    public static byte[] Png16(PixelBuffer pixels)
    {
        using var image = pixels.ToVipsImage();
        using var scaled = image.Linear([257.0], [0.0]);
        using var wide = scaled.Cast(Enums.BandFormat.Ushort);
        using var rgb16 = wide.Copy(interpretation: Enums.Interpretation.Rgb16);
        return rgb16.PngsaveBuffer(bitdepth: 16);
    }

    /// <summary>A syntactically valid PNG whose header claims <paramref name="width"/>×<paramref name="height"/> pixels.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IDAT", Deflate(new byte[64])); // a first row; the rest is "missing", as in a bomb
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal))
            zlib.Write(data);
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndData));
        stream.Write(word);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    public static double MeanAbsoluteDifference(PixelBuffer a, PixelBuffer b)
    {
        Assert.Equal((a.Width, a.Height, a.Bands), (b.Width, b.Height, b.Bands));
        long sum = 0;
        for (var i = 0; i < a.Data.Length; i++) sum += Math.Abs(a.Data[i] - b.Data[i]);
        return (double)sum / a.Data.Length;
    }

    public static int MaxAbsoluteDifference(PixelBuffer a, PixelBuffer b)
    {
        Assert.Equal((a.Width, a.Height, a.Bands), (b.Width, b.Height, b.Bands));
        var worst = 0;
        for (var i = 0; i < a.Data.Length; i++) worst = Math.Max(worst, Math.Abs(a.Data[i] - b.Data[i]));
        return worst;
    }

    public static PixelBuffer ReadFull(this DecodedImage image) => image.ReadColour(image.Width, image.Height);
}
