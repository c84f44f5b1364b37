using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Looks;

namespace AnimeGan.Pipeline;

/// <summary>
/// The whole conversion, one direction: bytes → decoded image → working-size pixels → generator →
/// pixels → faces repainted → (original size) → encoded bytes. Stateless; share one instance.
/// </summary>
public sealed class PhotoConverter(ImageCodec codec, FacePainter? faces = null)
{
    public ImageCodec Codec { get; } = codec;

    /// <summary>Face protection; null for a converter built without it, which then ignores the face settings.</summary>
    public FacePainter? Faces { get; } = faces;

    public ConversionResult Convert(string path, Stylizer stylizer, ConversionSettings settings,
        IProgress<ConversionProgress>? progress = null, CancellationToken cancellation = default) =>
        DecodeAndConvert(() => Codec.Decode(path), stylizer, settings, progress, cancellation);

    public ConversionResult Convert(ReadOnlyMemory<byte> bytes, Stylizer stylizer, ConversionSettings settings,
        IProgress<ConversionProgress>? progress = null, CancellationToken cancellation = default) =>
        DecodeAndConvert(() => Codec.Decode(bytes.Span), stylizer, settings, progress, cancellation);

    private ConversionResult DecodeAndConvert(Func<DecodedImage> decode, Stylizer stylizer, ConversionSettings settings,
        IProgress<ConversionProgress>? progress, CancellationToken cancellation)
    {
        var timings = new StageTimings();
        progress?.Report(new("decode", 0));
        using var photo = timings.Measure("decode", decode);
        return Convert(photo, stylizer, settings, timings, progress, cancellation);
    }

    /// <summary>Converts a photo whose header has been read (decoding is lazy, so its pixels are read here).</summary>
    public ConversionResult Convert(DecodedImage photo, Stylizer stylizer, ConversionSettings settings, StageTimings? timings = null,
        IProgress<ConversionProgress>? progress = null, CancellationToken cancellation = default)
    {
        settings.Validate();
        timings ??= new StageTimings();
        var (width, height) = WorkingSize.For(photo.Width, photo.Height, settings.MaxSize);
        var colour = timings.Measure("decode", () => photo.ReadColour(width, height));
        var alpha = photo.ReadAlpha(width, height);
        cancellation.ThrowIfCancellationRequested();

        progress?.Report(new("stylize", 0.1));
        var stylizeProgress = progress is null ? null : new InlineProgress<double>(f => progress.Report(new("stylize", 0.1 + 0.8 * f)));
        var styled = timings.Measure("stylize", () => settings.Look.Tta
            ? FlipTta.Stylize(stylizer, colour, stylizeProgress, cancellation)
            : stylizer.Stylize(colour, stylizeProgress, cancellation));
        cancellation.ThrowIfCancellationRequested();

        FacePainting? painting = null;
        if (Faces is not null && settings.Faces.Enabled)
        {
            progress?.Report(new("faces", 0.9));
            painting = timings.Measure("faces", () => Faces.Paint(colour, styled, stylizer, settings.Faces, cancellation));
            styled = painting.Result;
        }

        if (settings.Look.ChangesPixels)
        {
            progress?.Report(new("look", 0.9));
            styled = timings.Measure("look", () => LookChain.Apply(settings.Look, styled, colour));
        }

        progress?.Report(new("encode", 0.9));
        var output = (Width: width, Height: height);
        if (settings.KeepSize && (photo.Width, photo.Height) != output)
        {
            output = (photo.Width, photo.Height);
            styled = timings.Measure("resize", () => Resampler.Resize(styled, output.Width, output.Height));
            alpha = photo.ReadAlpha(output.Width, output.Height);
        }
        var format = ResolveFormat(photo, settings);
        var encoded = timings.Measure("encode", () => Codec.Encode(styled, alpha, format, settings.Quality));
        progress?.Report(new("done", 1));
        return new ConversionResult(encoded, format, photo.SourceFormat, (photo.Width, photo.Height), (width, height), output, timings)
        {
            Faces = painting?.Faces.Select(f => f.Scale((float)photo.Width / width, (float)photo.Height / height)).ToList() ?? [],
            FaceDebugImage = painting is not null && settings.Faces.Debug
                ? timings.Measure("faces", () => Codec.Encode(FaceDebugDrawing.Draw(painting), null, OutputFormat.Png))
                : null,
        };
    }

    /// <summary>The format asked for, else the input's own where we can write it, PNG to keep transparency, JPEG otherwise.</summary>
    public static OutputFormat ResolveFormat(DecodedImage photo, ConversionSettings settings) =>
        settings.Format ?? (OutputFormats.TryParse(photo.SourceFormat, out var same) ? same
            : photo.HasAlpha ? OutputFormat.Png
            : OutputFormat.Jpeg);
}
