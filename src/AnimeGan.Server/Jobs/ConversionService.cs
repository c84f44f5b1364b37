using AnimeGan.Imaging;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using AnimeGan.Server.Styles;

namespace AnimeGan.Server.Jobs;

/// <summary>The conversion pipeline as the server uses it: always from bytes in memory, within the server's limits.</summary>
public sealed class ConversionService(StyleCatalog styles, ServerOptions options)
{
    private readonly PhotoConverter _converter = new(new ImageCodec(options.ImageLimits));

    public ImageCodec Codec => _converter.Codec;

    /// <summary>
    /// Checks an upload before it is accepted: the format is sniffed from the content and the pixel
    /// count read from the header, so a refusal costs no decoding. Throws the problem to answer.
    /// </summary>
    public void Inspect(ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            using var _ = Codec.Decode(bytes);
        }
        catch (ImageRejectedException e)
        {
            throw new ApiProblemException(ApiProblem.ForRejectedImage(e, name));
        }
    }

    public ConversionResult Convert(byte[] bytes, ConversionSettings settings,
        IProgress<ConversionProgress>? progress, CancellationToken cancellation) =>
        _converter.Convert(bytes, styles.Pipeline(settings), progress, cancellation);
}
