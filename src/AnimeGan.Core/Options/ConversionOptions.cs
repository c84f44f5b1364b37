using AnimeGan.Imaging;
using AnimeGan.Looks;
using AnimeGan.Pipeline;

namespace AnimeGan.Options;

/// <summary>
/// Every setting of a conversion, each defined once (<see cref="ConversionOption"/>): the CLI's options,
/// the server's form fields, GET /api/options and the page's panel are made from this list, and
/// <see cref="Validate"/> checks settings against it. A new setting is a property of
/// <see cref="ConversionSettings"/> and one entry here.
/// </summary>
public static class ConversionOptions
{
    public const string Style = "Style", Output = "Output", Look = "Look", Faces = "Faces", Hd = "HD", Video = "Video";

    /// <summary>8 MB: the largest LUT the reader takes, 65³ entries at six decimals, is 7.1 MB (7.3 MB with CRLF ends).</summary>
    public const long MaxLutBytes = 8L << 20;

    /// <summary>8 MB: a phone photo with room to spare; only a 512 px view of the reference is used.</summary>
    public const long MaxColorRefBytes = 8L << 20;

    public static readonly StyleOption StyleName = new("style", "Style", Style, Stages.Stylize.Name, null,
        s => s.Style, (s, v) => s with { Style = v })
    {
        CliAliases = ["-s"], Help = "The look the picture is painted in (see `animegan models`); default: the first registered style",
    };

    public static readonly NumberOption<int> Size = new("size", "Working size", Output, Stages.Decode.Name,
        WorkingSize.MinMaxSide, WorkingSize.MaxMaxSide, s => s.MaxSize, (s, v) => s with { MaxSize = v })
    {
        Step = 8, Unit = "px", Help = "Long side the painting is made at: larger keeps more detail and takes longer",
    };

    public static readonly BooleanOption KeepSize = new("keepSize", "Keep the photo's size", Output, Stages.Resize.Name,
        s => s.KeepSize, (s, v) => s with { KeepSize = v })
    {
        Help = "Scale the result back to the photo's own dimensions (with HD, only when the photo is smaller than the enlarged picture)",
    };

    public static readonly ChoiceOption<OutputFormat?> Format = new("format", "Format", Output, Stages.Encode.Name,
        [new("auto", "Auto", null), new("jpeg", "JPEG", OutputFormat.Jpeg, "jpg"), new("png", "PNG", OutputFormat.Png), new("webp", "WebP", OutputFormat.Webp)],
        s => s.Format, (s, v) => s with { Format = v })
    {
        CliAliases = ["-f"], Help = "Auto keeps the photo's own format where it can (on the command line: the -o file's extension first)",
    };

    public static readonly NumberOption<int> Quality = new("quality", "Quality", Output, Stages.Encode.Name, 1, 100,
        s => s.Quality, (s, v) => s with { Quality = v })
    {
        CliAliases = ["-q"], Help = "JPEG and WebP quality",
    };

    public static readonly NumberOption<double> Strength = new("strength", "Strength", Look, Stages.Look.Name, 0, 1,
        s => s.Look.Strength, (s, v) => s with { Look = s.Look with { Strength = v } })
    {
        Step = 0.05, Help = "How much of the painting shows over the photo: 0 = the photo, 1 = fully painted",
    };

    public static readonly FileOption<LabHistograms> ColorRef = new("colorRef", "Colour reference", Look, Stages.Look.Name,
        "image/*,.heic,.heif,.avif", MaxColorRefBytes, (name, bytes) => LookFiles.ColourReference(name, bytes, new ImageCodec()),
        s => s.Look.ColorRef, (s, v) => s with { Look = s.Look with { ColorRef = v } })
    {
        Help = "A picture whose colours the result takes on (histogram matching in L*a*b*)",
    };

    public static readonly FileOption<Lut3D> Lut = new("lut", "LUT (.cube)", Look, Stages.Look.Name, ".cube", MaxLutBytes, LookFiles.Lut,
        s => s.Look.Lut, (s, v) => s with { Look = s.Look with { Lut = v } })
    {
        Help = "A 3-D colour lookup table (.cube) from Resolve, Premiere or a LUT pack",
    };

    public static readonly ChoiceOption<LookGrade> Grade = new("grade", "Colour grade", Look, Stages.Look.Name,
        [new("none", "None", LookGrade.None), new("shinkai", "Shinkai", LookGrade.Shinkai)],
        s => s.Look.Grade, (s, v) => s with { Look = s.Look with { Grade = v } })
    {
        Help = "Shinkai: cool shadows, cyan-leaning skies, S-curve contrast",
    };

    public static readonly NumberOption<double> Glow = new("glow", "Glow", Look, Stages.Look.Name, 0, 1,
        s => s.Look.Glow, (s, v) => s with { Look = s.Look with { Glow = v } })
    {
        Step = 0.05, Help = "A soft bloom around the highlights",
    };

    public static readonly NumberOption<double> Sharpen = new("sharpen", "Sharpen", Look, Stages.Look.Name, 0, 5,
        s => s.Look.Sharpen, (s, v) => s with { Look = s.Look with { Sharpen = v } })
    {
        Step = 0.1, Help = "Crisper lines (unsharp mask on luma); 0.5 to 1.5 is usual",
    };

    public static readonly NumberOption<double> SharpenRadius = new("sharpenRadius", "Sharpen radius", Look, Stages.Look.Name, 0.3, 10,
        s => s.Look.SharpenRadius, (s, v) => s with { Look = s.Look with { SharpenRadius = v } })
    {
        Step = 0.1, Unit = "px", Help = "How wide the sharpened edges are (Gaussian sigma in working-image pixels)",
    };

    public static readonly BooleanOption Tta = new("tta", "Mirror pass (TTA)", Look, Stages.Stylize.Name,
        s => s.Look.Tta, (s, v) => s with { Look = s.Look with { Tta = v } })
    {
        Help = "Also paints the mirrored photo and averages: steadier lines, twice the time",
    };

    public static readonly BooleanOption FacesOn = new("faces", "Face protection", Faces, Stages.Faces.Name,
        s => s.Faces.Enabled, (s, v) => s with { Faces = s.Faces with { Enabled = v } })
    {
        Help = "Repaints each face on its own so eyes, nose and mouth keep their shape",
    };

    public static readonly StyleOption FaceStyle = new("faceStyle", "Face style", Faces, Stages.Faces.Name,
        new Choice<string?>("same", "Same as the picture", null),
        s => s.Faces.Style, (s, v) => s with { Faces = s.Faces with { Style = v } })
    {
        Help = "The style faces are painted in",
    };

    public static readonly NumberOption<int> FaceMinSize = new("faceMinSize", "Smallest face", Faces, Stages.Faces.Name, 8, 4096,
        s => s.Faces.MinSize, (s, v) => s with { Faces = s.Faces with { MinSize = v } })
    {
        Unit = "px", Help = "Faces smaller than this in the working image are painted with the rest",
    };

    public static readonly NumberOption<float> FaceThreshold = new("faceThreshold", "Face confidence", Faces, Stages.Faces.Name, 0.01f, 0.99f,
        s => s.Faces.Threshold, (s, v) => s with { Faces = s.Faces with { Threshold = v } })
    {
        Step = 0.05, Help = "Detector confidence a face needs: lower finds more faces, and more false ones",
    };

    public static readonly BooleanOption FaceBudget = new("faceBudget", "Crowd budget", Faces, Stages.Faces.Name,
        s => s.Faces.Budget, (s, v) => s with { Faces = s.Faces with { Budget = v } })
    {
        Help = "In a photo of many faces, paints them a little smaller so together they take about the picture's own time; " +
               "off paints every face in full detail (ten faces: about three times the photo's time without faces)",
    };

    public static readonly ChoiceOption<int> Upscale = new("upscale", "HD", Hd, Stages.Upscale.Name,
        [new("off", "Off", 1, "1"), new("2", "×2", 2, "x2"), new("4", "×4", 4, "x4")],
        s => s.Upscale, (s, v) => s with { Upscale = v })
    {
        Help = "Enlarge the finished picture: ×2 turns a 1024-px painting into a 2048-px one",
    };

    public static readonly ChoiceOption<string> UpscaleModel = new("upscaleModel", "HD method", Hd, Stages.Upscale.Name,
        [new("lanczos", "Lanczos", "lanczos"), new("slim", "ESRGAN slim", "slim"), new("medium", "ESRGAN medium", "medium")],
        s => s.UpscaleModel, (s, v) => s with { UpscaleModel = v })
    {
        Help = "Lanczos resampling measured closest to the real detail here and takes a blink; the learned ESRGAN models " +
               "(slim built in, medium 3 times slower) draw slightly softer and are kept for comparison (BENCHMARKS.md)",
    };

    public static readonly BooleanOption Stabilize = new("stabilize", "Steady motion", Video, Stages.Stabilize.Name,
        s => s.Video.Stabilize, (s, v) => s with { Video = s.Video with { Stabilize = v } })
    {
        Help = "Blend each frame with the one before where the motion explains it: far less flicker on still parts, no ghosts on moving ones",
    };

    public static readonly NumberOption<int> Fps = new("fps", "Frame rate", Video, Stages.Decode.Name, 0, 60,
        s => s.Video.Fps, (s, v) => s with { Video = s.Video with { Fps = v } })
    {
        Unit = "fps", Help = "Frames per second of the result; 0 keeps the clip's own (fewer frames convert sooner)",
    };

    public static readonly NumberOption<int> Crf = new("crf", "Video quality (CRF)", Video, Stages.Encode.Name, 0, 51,
        s => s.Video.Crf, (s, v) => s with { Video = s.Video with { Crf = v } })
    {
        Help = "The encoder's quality: lower is better and larger; 18 looks lossless, 28 is small",
    };

    /// <summary>Every option, in the order clients show them.</summary>
    public static IReadOnlyList<ConversionOption> All { get; } =
    [
        StyleName, Size, KeepSize, Format, Quality,
        // The look, in the order it runs (docs/LOOK.md).
        Strength, ColorRef, Lut, Grade, Glow, Sharpen, SharpenRadius, Tta,
        FacesOn, FaceStyle, FaceMinSize, FaceThreshold, FaceBudget,
        Upscale, UpscaleModel,
        Stabilize, Fps, Crf,
    ];

    /// <summary>The options that shape a photo (a clip takes all of them).</summary>
    public static IEnumerable<ConversionOption> ForPhotos => All.Where(option => option.Group != Video);

    /// <summary>Throws an <see cref="OptionValueException"/> naming the first value of <paramref name="settings"/> no option allows.</summary>
    public static void Validate(ConversionSettings settings)
    {
        foreach (var option in All) option.Validate(settings);
    }
}
