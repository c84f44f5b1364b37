using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Looks;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;

namespace AnimeGan.Server.Forms;

/// <summary>
/// The table of form fields that shape a conversion, shared by POST /api/convert, POST /api/jobs and
/// the page (which draws its option panel from GET /api/options). A new setting in
/// <see cref="ConversionSettings"/> becomes usable on the web by adding one entry to <see cref="Options"/>.
/// </summary>
public sealed class ConversionForm
{
    private readonly FormChoices _choices;

    public ConversionForm(ServerOptions server, FormChoices choices)
    {
        _choices = choices;
        // Face protection is on by default wherever its models are installed, as in the CLI.
        Defaults = new ConversionSettings { Faces = new FaceSettings { Enabled = choices.FacesUnavailable is null } };
        var uploads = new LookUploads(new ImageCodec(server.ImageLimits));
        Options =
        [
            new RangeOption<int>("size", "Working size", "Output", WorkingSize.MinMaxSide, server.MaxWorkingSize,
                s => s.MaxSize, (s, v) => s with { MaxSize = v })
            {
                Step = 8, Unit = "px",
                Help = "Long side the painting is made at: larger keeps more detail and takes longer",
            },
            new BooleanOption("keepSize", "Keep the photo's size", "Output",
                s => s.KeepSize, (s, v) => s with { KeepSize = v })
            {
                Help = "Scale the result back to the photo's own dimensions",
            },
            new ChoiceOption<OutputFormat?>("format", "Format", "Output",
                [("auto", "Auto", null), ("jpeg", "JPEG", OutputFormat.Jpeg), ("png", "PNG", OutputFormat.Png), ("webp", "WebP", OutputFormat.Webp)],
                s => s.Format, (s, v) => s with { Format = v })
            {
                Help = "Auto keeps the photo's own format where it can",
            },
            new RangeOption<int>("quality", "Quality", "Output", 1, 100,
                s => s.Quality, (s, v) => s with { Quality = v })
            {
                Help = "JPEG and WebP quality",
            },
            // The look after the generator, in the order it runs (docs/LOOK.md). Its files are uploads, never server paths.
            new RangeOption<double>("strength", "Strength", "Look", 0, 1,
                s => s.Look.Strength, (s, v) => s with { Look = s.Look with { Strength = v } })
            {
                Step = 0.05, Help = "How much of the painting shows over the photo",
            },
            new FileOption<LabHistograms>(LookUploads.ColorRefField, "Colour reference", "Look", "image/*,.heic,.heif,.avif",
                Math.Min(LookUploads.MaxColorRefBytes, server.MaxRequestBytes), uploads.Reference, LookAssets.Keep,
                s => s.Look.ColorRef, (s, v) => s with { Look = s.Look with { ColorRef = v } })
            {
                Help = "A picture whose colours the result takes on",
            },
            new FileOption<Lut3D>(LookUploads.LutField, "LUT (.cube)", "Look", ".cube",
                Math.Min(LookUploads.MaxLutBytes, server.MaxRequestBytes), LookUploads.Cube, LookAssets.Keep,
                s => s.Look.Lut, (s, v) => s with { Look = s.Look with { Lut = v } })
            {
                Help = "A 3-D colour lookup table from Resolve, Premiere or a LUT pack",
            },
            new ChoiceOption<LookGrade>("grade", "Colour grade", "Look",
                [("none", "None", LookGrade.None), ("shinkai", "Shinkai", LookGrade.Shinkai)],
                s => s.Look.Grade, (s, v) => s with { Look = s.Look with { Grade = v } })
            {
                Help = "Shinkai: cool shadows, cyan-leaning skies, more contrast",
            },
            new RangeOption<double>("glow", "Glow", "Look", 0, LookSettings.MaxGlow,
                s => s.Look.Glow, (s, v) => s with { Look = s.Look with { Glow = v } })
            {
                Step = 0.05, Help = "A soft bloom around the highlights",
            },
            new RangeOption<double>("sharpen", "Sharpen", "Look", 0, LookSettings.MaxSharpen,
                s => s.Look.Sharpen, (s, v) => s with { Look = s.Look with { Sharpen = v } })
            {
                Step = 0.1, Help = "Crisper lines; 0.5 to 1.5 is usual",
            },
            new RangeOption<double>("sharpenRadius", "Sharpen radius", "Look", LookSettings.MinSharpenRadius, LookSettings.MaxSharpenRadius,
                s => s.Look.SharpenRadius, (s, v) => s with { Look = s.Look with { SharpenRadius = v } })
            {
                Step = 0.1, Unit = "px", Help = "How wide the sharpened edges are",
            },
            new BooleanOption("tta", "Mirror pass (TTA)", "Look",
                s => s.Look.Tta, (s, v) => s with { Look = s.Look with { Tta = v } })
            {
                Help = "Also paints the mirrored photo and averages: steadier lines, twice the time",
            },
            new BooleanOption("faces", "Face protection", "Faces",
                s => s.Faces.Enabled, (s, v) => s with { Faces = s.Faces with { Enabled = v } })
            {
                Help = "Repaints each face on its own at 512 px so eyes, nose and mouth keep their shape",
            },
            new ChoiceOption<string?>("faceStyle", "Face style", "Faces",
                [("same", "Same as the picture", null), .. choices.Styles.Select(style => (style, style, (string?)style))],
                s => s.Faces.Style, (s, v) => s with { Faces = s.Faces with { Style = v } })
            {
                Help = "The style faces are painted in",
            },
            new RangeOption<int>("faceMinSize", "Smallest face", "Faces", FaceSettings.MinMinSize, 512,
                s => s.Faces.MinSize, (s, v) => s with { Faces = s.Faces with { MinSize = v } })
            {
                Unit = "px", Help = "Faces smaller than this in the working image are painted with the rest",
            },
            new RangeOption<float>("faceThreshold", "Face confidence", "Faces", 0.05f, 0.95f,
                s => s.Faces.Threshold, (s, v) => s with { Faces = s.Faces with { Threshold = v } })
            {
                Step = 0.05f, Help = "Lower finds more faces, and more false ones",
            },
        ];
    }

    public IReadOnlyList<FormOption> Options { get; }

    /// <summary>The settings of a request that sets nothing.</summary>
    public ConversionSettings Defaults { get; }

    /// <summary>The option a file uploaded in <paramref name="field"/> is for; null for photos.</summary>
    public FileOption? FileFor(string field) =>
        Options.OfType<FileOption>().FirstOrDefault(o => string.Equals(o.Name, field, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<OptionDescription> Describe() => Options.Select(option => option.Describe(Defaults));

    /// <summary>Each option's value in <paramref name="settings"/>, by field name: what a preset sets, in the form's terms.</summary>
    public IReadOnlyDictionary<string, object> Values(ConversionSettings settings) =>
        Options.ToDictionary(option => option.Name, option => option.Describe(settings).Default);

    /// <summary>
    /// Settings from form fields (name → value) on top of <paramref name="start"/> (<see cref="Defaults"/>, or a
    /// preset's). Unknown or repeated fields are refused, so typos never pass silently.
    /// </summary>
    public ConversionSettings Bind(IEnumerable<KeyValuePair<string, string[]>> fields, ConversionSettings? start = null)
    {
        var settings = start ?? Defaults;
        foreach (var (name, values) in fields)
        {
            var option = Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase))
                         ?? throw new BadOptionException(name,
                             $"unknown option '{name}'; the options are: {string.Join(", ", Options.Select(o => o.Name))}");
            if (values.Length != 1) throw new BadOptionException(option.Name, $"{option.Name} is given {values.Length} times; give it once");
            settings = option.Apply(settings, values[0]);
        }
        try
        {
            settings.Validate();
        }
        catch (ArgumentException e)
        {
            // A rule that spans fields, or one the table does not know yet: still a 400 naming what is wrong.
            throw new BadOptionException(e.ParamName ?? "options", e.Message);
        }
        if (settings.Faces.Enabled && _choices.FacesUnavailable is { } reason)
            throw new BadOptionException("faces", $"face protection is unavailable: {reason}");
        return settings;
    }
}

/// <summary>What this server can offer in the form: the styles it has loaded, and whether faces can be protected.</summary>
public sealed record FormChoices(IReadOnlyList<string> Styles, string? FacesUnavailable);
