using AnimeGan.Imaging;
using AnimeGan.Looks;
using AnimeGan.Server.Api;

namespace AnimeGan.Server.Forms;

/// <summary>
/// Reads the look's uploaded files in memory, with the server's limits, into what the look uses. A
/// file that cannot be used is the problem to answer, named after the client's file and the field.
/// </summary>
public sealed class LookUploads(ImageCodec codec)
{
    public const string LutField = "lut";
    public const string ColorRefField = "colorRef";

    /// <summary>
    /// 8 MB: the largest LUT the reader takes, 65³ entries at the six decimals Resolve and Adobe write,
    /// is 7.1 MB (7.3 MB with CRLF line ends), and 12 MB of the default 20 MB request remain for the photo.
    /// </summary>
    public const long MaxLutBytes = 8L << 20;

    /// <summary>
    /// 8 MB: a phone photo with room to spare. Only a 512 px view of the reference is used, so a larger
    /// file would buy nothing but upload time.
    /// </summary>
    public const long MaxColorRefBytes = 8L << 20;

    /// <summary>A .cube LUT; a broken one is a 400 naming the file and its line (also as "line").</summary>
    public static Lut3D Cube(Upload upload)
    {
        try
        {
            using var reader = new StreamReader(new MemoryStream(upload.Bytes));
            return CubeFile.Read(reader, upload.Name);
        }
        catch (LutFormatException e)
        {
            throw new BadOptionException(LutField, $"not a usable .cube LUT: {e.Message}")
            {
                Extensions = e.Line > 0 ? new Dictionary<string, object> { ["line"] = e.Line } : null,
            };
        }
    }

    /// <summary>
    /// A reference picture's colour distribution, decoded in full now so a truncated file is refused
    /// before the job is accepted: 415 not an image, 422 undecodable, 413 over the pixel budget.
    /// </summary>
    public LabHistograms Reference(Upload upload)
    {
        try
        {
            using var image = codec.Decode(upload.Bytes);
            return LookAssets.Reference(image);
        }
        catch (ImageRejectedException e)
        {
            throw new ApiProblemException(ApiProblem.ForRejectedImage(e, $"colour reference {upload.Name}"), ColorRefField);
        }
    }
}
