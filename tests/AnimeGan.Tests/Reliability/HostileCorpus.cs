using System.Text;
using AnimeGan.Imaging;
using AnimeGan.Tests.Imaging;
using NetVips;

namespace AnimeGan.Tests.Reliability;

/// <summary>What a file should come to: converted, or refused with this HTTP status (the CLI fails it with exit 1).</summary>
public sealed record CorpusCase(string Name, int? RefusedWith, string? Upright = null)
{
    public bool Accepted => RefusedWith is null;
}

/// <summary>
/// Files a hostile or careless client sends, made by the test set-up (no committed binaries): empty, text
/// and HTML named as pictures, pictures truncated and corrupted, bombs, slivers, every colour layout,
/// animation and pages, HEIC and AVIF, SVG and PDF, every EXIF orientation, huge metadata, a JPEG named
/// .png, and awkward names. Each case says what the product must make of it.
/// </summary>
public sealed class HostileCorpus : TemporaryFolder
{
    private readonly List<CorpusCase> _cases = [];

    public HostileCorpus()
    {
        var photo = Photo(160, 120);
        var jpeg = photo.ToVipsImage().JpegsaveBuffer(q: 90);
        var png = photo.ToVipsImage().PngsaveBuffer();
        var webp = photo.ToVipsImage().WebpsaveBuffer(q: 80);

        Add("zero.jpg", [], 400);
        Add("notes.jpg", "shopping list: eggs, milk"u8.ToArray(), 415);
        Add("page.png", "<!doctype html><html><body><img src=x onerror=alert(1)></body></html>"u8.ToArray(), 415);
        foreach (var fraction in new[] { 0.1, 0.5, 0.9 })
            Add($"cut-{fraction * 100}.jpg", jpeg[..(int)(jpeg.Length * fraction)], 422, 415);
        Add("cut-50.png", png[..(png.Length / 2)], 422, 415);
        Add("cut-50.webp", webp[..(webp.Length / 2)], 422, 415);
        var corrupt = (byte[])jpeg.Clone();
        for (var i = corrupt.Length / 2; i < corrupt.Length / 2 + 64; i++) corrupt[i] ^= 0x5A;
        Add("corrupt-middle.jpg", corrupt, null, 422); // damaged entropy data may still decode: either is fine, never a crash
        Add("bomb-40000.png", TestImages.PngHeaderOnly(40000, 40000), 413);
        Add("one-pixel.png", TestImages.Encode(new PixelBuffer(1, 1, 3), ".png"), 422);
        Add("strip-3x20000.png", TestImages.Encode(new PixelBuffer(3, 20000, 3), ".png"), 422);
        using (var sixteen = photo.ToVipsImage().Colourspace(Enums.Interpretation.Rgb16))
            Add("sixteen-bit.png", sixteen.PngsaveBuffer(), null);
        Add("grey.jpg", TestImages.EncodeInColourspace(photo, Enums.Interpretation.Bw, ".jpg"), null);
        Add("cmyk.jpg", TestImages.EncodeInColourspace(photo, Enums.Interpretation.Cmyk, ".jpg"), null);
        Add("palette.png", photo.ToVipsImage().PngsaveBuffer(palette: true), null);
        using (var withAlpha = photo.ToVipsImage().Bandjoin(128))
            Add("alpha.png", withAlpha.PngsaveBuffer(), null);
        using (var frames = Image.Arrayjoin([photo.ToVipsImage(), Photo(160, 120, shift: 40).ToVipsImage()], across: 1))
        using (var animated = frames.Mutate(m => m.Set(GValue.GIntType, "page-height", 120)))
        {
            Add("animated.gif", animated.GifsaveBuffer(), null);
            Add("pages.tif", animated.TiffsaveBuffer(), null);
        }
        Add("vector.svg", "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64'><rect width='64' height='64' fill='red'/></svg>"u8.ToArray(), 415);
        Add("document.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray(), 415);
        // A picture with a red block at its top left as it is seen: stored turned as each EXIF orientation says.
        for (var orientation = 1; orientation <= 8; orientation++)
            Add($"orientation-{orientation}.jpg", TestImages.JpegWithOrientation(Stored(orientation), orientation), null, upright: "red top-left");
        Add("huge-exif.jpg", WithExif(jpeg, 60_000), null);
        Add("jpeg-named.png", jpeg, null);
        Add("with spaces é 写真.jpg", jpeg, null);
        Add("-dash-first.jpg", jpeg, null);
        using (var heif = new HeifEncoder())
        {
            var source = Path.Combine(Folder, "source.png");
            File.WriteAllBytes(source, png);
            Add("phone.heic", File.ReadAllBytes(heif.Heic(source)), null);
            Add("modern.avif", File.ReadAllBytes(heif.Avif(source)), null);
            File.Delete(source);
        }
    }

    public IReadOnlyList<CorpusCase> Cases => _cases;

    /// <summary>The folder holding every case, and nothing else.</summary>
    public string Directory => Folder;

    /// <summary>Statuses a refusal may have: the first is the expected one, the second a fair alternative (a file cut inside its header is no image at all).</summary>
    public IReadOnlyList<int> StatusesFor(CorpusCase corpusCase) => _alternatives.TryGetValue(corpusCase.Name, out var other)
        ? [corpusCase.RefusedWith ?? 200, other]
        : [corpusCase.RefusedWith ?? 200];

    private readonly Dictionary<string, int> _alternatives = [];

    private void Add(string name, byte[] bytes, int? refusedWith, int? alternative = null, string? upright = null)
    {
        File.WriteAllBytes(Path.Combine(Folder, name), bytes);
        _cases.Add(new CorpusCase(name, refusedWith, upright));
        if (alternative is { } other) _alternatives[name] = other;
    }

    private static PixelBuffer Photo(int width, int height, int shift = 0)
    {
        var image = TestImages.Gradient(width, height);
        for (var i = shift * 3; i < image.Data.Length; i += 7) image.Data[i] = (byte)(image.Data[i] / 2 + 60);
        return image;
    }

    /// <summary>160×120 grey with a red block at the top left, then stored as orientation <paramref name="orientation"/> asks a viewer to undo.</summary>
    private static PixelBuffer Stored(int orientation)
    {
        var upright = TestImages.Solid(160, 120, 120, 120, 120);
        for (var y = 0; y < 40; y++)
        for (var x = 0; x < 60; x++)
        {
            upright.Row(y)[x * 3] = 230;
            upright.Row(y)[x * 3 + 1] = 20;
            upright.Row(y)[x * 3 + 2] = 20;
        }
        using var image = upright.ToVipsImage();
        // The stored pixels are the upright picture with the orientation's transform undone.
        using var stored = orientation switch
        {
            2 => image.Flip(Enums.Direction.Horizontal),
            3 => image.Rot180(),
            4 => image.Flip(Enums.Direction.Vertical),
            5 => image.Rot90().Flip(Enums.Direction.Horizontal),
            6 => image.Rot270(),
            7 => image.Rot270().Flip(Enums.Direction.Horizontal),
            8 => image.Rot90(),
            _ => image.Copy(),
        };
        return PixelBuffer.FromVipsImage(stored);
    }

    /// <summary>The JPEG with an APP1 segment of <paramref name="bytes"/> junk after its SOI marker.</summary>
    private static byte[] WithExif(byte[] jpeg, int bytes)
    {
        var junk = Encoding.ASCII.GetBytes("Exif\0\0" + new string('A', Math.Min(bytes, 65000)));
        var segment = new byte[4 + junk.Length];
        (segment[0], segment[1]) = ((byte)0xFF, (byte)0xE1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(junk.Length + 2));
        junk.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
