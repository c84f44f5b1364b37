using AnimeGan.Faces;
using AnimeGan.Imaging;

namespace AnimeGan.Pipeline;

/// <summary>
/// A photo's whole conversion, one direction: bytes → decoded photo (at the working size) → the frame
/// pipeline's stages → encoded bytes. Stateless; share one instance.
/// </summary>
public sealed class PhotoConverter(ImageCodec codec)
{
    /// <summary>Decoding a JPEG here costs about 20 ms a megapixel, encoding one about 30 (BENCHMARKS.md).</summary>
    private const double DecodeMillisecondsPerMegapixel = 20, EncodeMillisecondsPerMegapixel = 30;

    public ImageCodec Codec { get; } = codec;

    public ConversionResult Convert(string path, FramePipeline pipeline,
        IProgress<ConversionProgress>? progress = null, CancellationToken cancellation = default) =>
        DecodeAndConvert(() => Codec.Decode(path), pipeline, progress, cancellation);

    public ConversionResult Convert(ReadOnlyMemory<byte> bytes, FramePipeline pipeline,
        IProgress<ConversionProgress>? progress = null, CancellationToken cancellation = default) =>
        DecodeAndConvert(() => Codec.Decode(bytes.Span), pipeline, progress, cancellation);

    private ConversionResult DecodeAndConvert(Func<DecodedImage> decode, FramePipeline pipeline,
        IProgress<ConversionProgress>? progress, CancellationToken cancellation)
    {
        var timings = new StageTimings();
        using var photo = timings.Measure(Stages.Decode.Name, decode);
        return Convert(photo, pipeline, timings, progress, cancellation);
    }

    /// <summary>
    /// A new finish of a photo converted before: <paramref name="painted"/> (its <see cref="ConversionResult.Painted"/>)
    /// through the finishing stages of <paramref name="pipeline"/> only, so a new look, HD or size costs no
    /// generator run. <paramref name="photo"/> is the photo's own bytes, which the look blends back.
    /// </summary>
    public ConversionResult Refinish(ReadOnlyMemory<byte> photo, PixelBuffer painted, FramePipeline pipeline, CancellationToken cancellation = default)
    {
        var timings = new StageTimings();
        using var decoded = timings.Measure(Stages.Decode.Name, () => Codec.Decode(photo.Span));
        return Convert(decoded, pipeline, timings, cancellation: cancellation, painted: painted);
    }

    /// <summary>
    /// Converts a photo whose header has been read (decoding is lazy, so its pixels are read here); with
    /// <paramref name="painted"/>, only finishes that painted picture (<see cref="Refinish"/>).
    /// </summary>
    public ConversionResult Convert(DecodedImage photo, FramePipeline pipeline, StageTimings? timings = null,
        IProgress<ConversionProgress>? progress = null, CancellationToken cancellation = default, PixelBuffer? painted = null)
    {
        timings ??= new StageTimings();
        var settings = pipeline.Settings;
        var (width, height) = pipeline.WorkingSizeFor(photo.Width, photo.Height);
        if (painted is not null && (painted.Width, painted.Height) != (width, height))
            throw new ArgumentException($"the painted picture is {painted.Width}x{painted.Height}; these settings paint this photo at {width}x{height}", nameof(painted));
        var finishOnly = painted is not null;
        Codec.RequireWithinBudget(pipeline.Plan((photo.Width, photo.Height), finishOnly).Output, "the result");
        var frame = new Frame(timings.Measure(Stages.Decode.Name, () => photo.ReadColour(width, height)), (photo.Width, photo.Height));
        if (painted is not null) frame.Picture = painted;
        cancellation.ThrowIfCancellationRequested();
        // Planned on the photo itself, so the progress weighs what it holds (each face) from the start.
        var (stages, output) = pipeline.Plan((photo.Width, photo.Height), finishOnly, frame, timings);
        var plan = new ProgressPlan(progress, [
            (Stages.Decode, DecodeMillisecondsPerMegapixel * photo.Width * photo.Height / 1e6),
            .. stages,
            (Stages.Encode, EncodeMillisecondsPerMegapixel * output.Width * output.Height / 1e6),
        ]);
        plan.Enter(Stages.Decode);

        pipeline.Run(frame, timings, plan, cancellation, finishOnly);

        plan.Enter(Stages.Encode);
        var picture = frame.Picture;
        var format = ResolveFormat(photo, settings);
        var encoded = timings.Measure(Stages.Encode.Name,
            () => Codec.Encode(picture, photo.ReadAlpha(picture.Width, picture.Height), format, settings.Quality));
        plan.Finish();
        var painting = frame.Faces;
        return new ConversionResult(encoded, format, photo.SourceFormat, (photo.Width, photo.Height), (width, height),
            (picture.Width, picture.Height), timings)
        {
            Painted = frame.Painted,
            Faces = painting?.Faces.Select(f => f.Scale((float)photo.Width / width, (float)photo.Height / height)).ToList() ?? [],
            FaceDebugImage = painting is not null && settings.Faces.Debug
                ? timings.Measure(Stages.Faces.Name, () => Codec.Encode(FaceDebugDrawing.Draw(painting), null, OutputFormat.Png))
                : null,
        };
    }

    /// <summary>The format asked for, else the input's own where we can write it, PNG to keep transparency, JPEG otherwise.</summary>
    public static OutputFormat ResolveFormat(DecodedImage photo, ConversionSettings settings) =>
        settings.Format ?? (OutputFormats.TryParse(photo.SourceFormat, out var same) ? same
            : photo.HasAlpha ? OutputFormat.Png
            : OutputFormat.Jpeg);
}
