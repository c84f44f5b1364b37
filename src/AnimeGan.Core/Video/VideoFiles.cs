using System.Buffers.Binary;
using System.Text;

namespace AnimeGan.Video;

/// <summary>
/// Which files are clips: by name, for walking folders (probing every file of a folder with ffprobe
/// would take long), and by their first bytes, for uploads, whose names and media types are the
/// client's word. ffprobe has the last word on either.
/// </summary>
public static class VideoFiles
{
    public static readonly IReadOnlyList<string> Extensions = [".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mts", ".3gp"];

    /// <summary>The bytes a sniff reads: a box header and brand, or two transport-stream packets' sync bytes.</summary>
    public const int HeadLength = 189;

    /// <summary>ISO-BMFF brands of still pictures (HEIF, HEIC, AVIF): the same box structure as an MP4, but photos.</summary>
    private static readonly string[] StillBrands = ["heic", "heix", "heim", "heis", "mif1", "msf1", "avif", "avis", "hevc", "hevx"];

    /// <summary>QuickTime files that open with a box other than ftyp.</summary>
    private static readonly string[] QuickTimeBoxes = ["moov", "mdat", "wide", "free", "skip"];

    public static bool HasVideoExtension(string name) => Extensions.Contains(Path.GetExtension(name).ToLowerInvariant());

    /// <summary>
    /// Whether the content starts like a video container: an ISO-BMFF file (MP4, MOV, 3GP) that is not a
    /// still picture's brand, Matroska or WebM, AVI, FLV, or an MPEG program or transport stream.
    /// </summary>
    public static bool LooksLikeVideo(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12) return false;
        var box = Encoding.ASCII.GetString(head.Slice(4, 4));
        if (box == "ftyp") return !StillBrands.Contains(Encoding.ASCII.GetString(head.Slice(8, 4)));
        if (QuickTimeBoxes.Contains(box)) return BinaryPrimitives.ReadUInt32BigEndian(head) >= 8;
        if (BinaryPrimitives.ReadUInt32BigEndian(head) == 0x1A45DFA3) return true; // EBML: Matroska, WebM
        if (head.StartsWith("RIFF"u8) && head.Slice(8, 4).SequenceEqual("AVI "u8)) return true;
        if (head.StartsWith("FLV"u8) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xBA])) return true; // Flash video, MPEG program stream
        return head[0] == 0x47 && head.Length > 188 && head[188] == 0x47; // transport stream packets
    }
}
