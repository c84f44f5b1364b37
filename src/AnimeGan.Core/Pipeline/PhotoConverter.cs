using AnimeGan.Imaging;
using AnimeGan.Inference;

namespace AnimeGan.Pipeline;

/// <summary>
/// The whole conversion, one direction: bytes → decoded image → working-size pixels → generator →
/// pixels → (original size) → encoded bytes. Stateless; share one instance.
/// </summary>
public sealed class PhotoConverter(ImageCodec codec)
{
    public ImageCodec Codec { get; } = codec;

    public ConversionResult Convert(string path, Stylizer stylizer, ConversionSettings settings,
        IProgress<ConversionProgress>? progress = null, CancellationToken cancellation = default) =>
        Convert(() => Codec.Decode(path), stylizer, settings, progress, cancellation);

    public ConversionResult Convert(ReadOnlyMemory<byte> bytes, Stylizer stylizer, ConversionSettings settings,
        IProgress<ConversionProgress>? progress = null, CancellationToken cancellation = default) =>
        Convert(() => Codec.Decode(bytes.Span), stylizer, settings, progress, cancellation);

    private ConversionResult Convert(Func<DecodedImage> decode, Stylizer stylizer, ConversionSettings settings,
        IProgress<ConversionProgress>? progress, CancellationToken cancellation)
    {
        settings.Validate();
        var timings = new StageTimings();
        progress?.Report(new("decode", 0));
        using var photo = timings.Measure("decode", decode);
        var (width, height) = WorkingSize.For(photo.Width, photo.Height, settings.MaxSize);
        var colour = timings.Measure("resize", () => photo.ReadColour(width, height));
        var alpha = photo.ReadAlpha(width, height);
        cancellation.ThrowIfCancellationRequested();

        progress?.Report(new("stylize", 0.1));
        var stylizeProgress = progress is null ? null : new Progress<double>(f => progress.Report(new("stylize", 0.1 + 0.8 * f)));
        var styled = timings.Measure("stylize", () => stylizer.Stylize(colour, stylizeProgress));
        cancellation.ThrowIfCancellationRequested();

        progress?.Report(new("encode", 0.9));
        var output = (Width: width, Height: height);
        if (settings.KeepSize && (photo.Width, photo.Height) != output)
        {
            output = (photo.Width, photo.Height);
            styled = timings.Measure("resize", () => Resampler.Resize(styled, output.Width, output.Height));
            alpha = photo.ReadAlpha(output.Width, output.Height);
        }
        var format = settings.Format ?? DefaultFormat(photo);
        var encoded = timings.Measure("encode", () => Codec.Encode(styled, alpha, format, settings.Quality));
        progress?.Report(new("done", 1));
        return new ConversionResult(encoded, format, photo.SourceFormat, (photo.Width, photo.Height), (width, height), output, timings);
    }

    /// <summary>The input's own format where we can write it; PNG keeps transparency; JPEG otherwise.</summary>
    public static OutputFormat DefaultFormat(DecodedImage photo) =>
        OutputFormats.TryParse(photo.SourceFormat, out var same) ? same
        : photo.HasAlpha ? OutputFormat.Png
        : OutputFormat.Jpeg;
}
