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
    public ConversionForm(ServerOptions server)
    {
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
        ];
    }

    public IReadOnlyList<FormOption> Options { get; }

    /// <summary>The option a file uploaded in <paramref name="field"/> is for; null for photos.</summary>
    public FileOption? FileFor(string field) =>
        Options.OfType<FileOption>().FirstOrDefault(o => string.Equals(o.Name, field, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<OptionDescription> Describe()
    {
        var defaults = new ConversionSettings();
        return Options.Select(option => option.Describe(defaults));
    }

    /// <summary>Each option's value in <paramref name="settings"/>, by field name: what a preset sets, in the form's terms.</summary>
    public IReadOnlyDictionary<string, object> Values(ConversionSettings settings) =>
        Options.ToDictionary(option => option.Name, option => option.Describe(settings).Default);

    /// <summary>
    /// Settings from form fields (name → value) on top of <paramref name="start"/> (the defaults, or a
    /// preset's). Unknown or repeated fields are refused, so typos never pass silently.
    /// </summary>
    public ConversionSettings Bind(IEnumerable<KeyValuePair<string, string[]>> fields, ConversionSettings? start = null)
    {
        var settings = start ?? new ConversionSettings();
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
        return settings;
    }
}
