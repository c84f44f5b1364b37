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
    /// Checks an upload before it is accepted: the format is sniffed from the content, the pixel count
    /// read from the header, and the size of the picture <paramref name="pipeline"/> would make of it
    /// (an upscale multiplies it) held to the same budget, so a refusal costs no decoding and no model
    /// run. Throws the problem to answer.
    /// </summary>
    public void Inspect(ReadOnlySpan<byte> bytes, string name, FramePipeline pipeline)
    {
        try
        {
            using var photo = Codec.Decode(bytes);
            Codec.RequireWithinBudget(pipeline.Plan((photo.Width, photo.Height)).Output, "the result");
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
