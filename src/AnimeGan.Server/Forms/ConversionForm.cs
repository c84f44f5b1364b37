using System.Globalization;
using AnimeGan.Faces;
using AnimeGan.Imaging;
using AnimeGan.Looks;
using AnimeGan.Options;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using Microsoft.AspNetCore.Http;

namespace AnimeGan.Server.Forms;

/// <summary>
/// The form fields of POST /api/convert and POST /api/jobs, and what GET /api/options describes (the
/// page draws its panel from it): <see cref="ConversionOptions"/>, narrowed to this server — its
/// largest working size, its request size, the styles it has loaded.
/// </summary>
public sealed class ConversionForm
{
    private readonly FormChoices _choices;

    public ConversionForm(ServerOptions server, FormChoices choices)
    {
        _choices = choices;
        // Face protection is on by default wherever its models are installed, as in the CLI.
        Defaults = new ConversionSettings { Style = choices.DefaultStyle, Faces = new FaceSettings { Enabled = choices.FacesUnavailable is null } };
        var codec = new ImageCodec(server.ImageLimits);
        Options = ConversionOptions.All.Select(option => option switch
        {
            _ when option == ConversionOptions.Size => ConversionOptions.Size.Within(WorkingSize.MinMaxSide, server.MaxWorkingSize),
            StyleOption style => style.WithStyles(choices.Styles),
            FileOption<Lut3D> lut => lut.Within(server.MaxRequestBytes),
            FileOption<LabHistograms> colorRef => colorRef.Within(server.MaxRequestBytes, (name, bytes) => LookFiles.ColourReference(name, bytes, codec)),
            _ when option == ConversionOptions.UpscaleModel => ConversionOptions.UpscaleModel.With(ConversionOptions.UpscaleModel.Choices
                .Select(choice => choices.UpscaleSeconds.TryGetValue(choice.Setting, out var seconds)
                    ? choice with { Label = string.Create(CultureInfo.InvariantCulture, $"{choice.Label} (about {seconds:0} s for ×2 at 1024 px)") }
                    : choice).ToList()),
            _ => option,
        }).ToList();
    }

    public IReadOnlyList<ConversionOption> Options { get; }

    /// <summary>The settings of a request that sets nothing.</summary>
    public ConversionSettings Defaults { get; }

    /// <summary>Whether <paramref name="field"/> is an option that takes an uploaded file.</summary>
    public bool IsFileField(string field) => Find(field) is IFileOption;

    public IEnumerable<OptionDescription> Describe() => Options.Select(option => option.Describe(Defaults));

    /// <summary>Each option's value in <paramref name="settings"/>, by field name: what a preset sets, in the form's terms.</summary>
    public IReadOnlyDictionary<string, object> Values(ConversionSettings settings) =>
        Options.ToDictionary(option => option.Name, option => option.ValueIn(settings));

    /// <summary>
    /// Settings from form fields (name → value) and uploaded option files (field → file) on top of
    /// <paramref name="start"/> (<see cref="Defaults"/>, or a preset's). Unknown or repeated fields are
    /// refused, so typos never pass silently; each refusal names its field. <paramref name="finishOnly"/>:
    /// only options a converted photo can take anew (<see cref="ConversionOption.Refinishes"/>).
    /// </summary>
    public ConversionSettings Bind(IEnumerable<KeyValuePair<string, string[]>> fields, IEnumerable<KeyValuePair<string, Upload>> files,
        ConversionSettings? start = null, bool finishOnly = false)
    {
        var settings = start ?? Defaults;
        foreach (var (name, values) in fields)
        {
            var option = Require(name, finishOnly);
            if (values.Length != 1) throw new BadOptionException(option.Name, $"{option.Name} is given {values.Length} times; give it once");
            settings = Refusing(option, () => option.Parse(settings, values[0]));
        }
        foreach (var (name, upload) in files) settings = Read(Require(name, finishOnly), settings, upload);
        settings = Refusing(null, () =>
        {
            ConversionOptions.Validate(settings);
            return settings;
        });
        if (settings.Faces.Enabled && _choices.FacesUnavailable is { } reason)
            throw new BadOptionException(ConversionOptions.FacesOn.Name, $"face protection is unavailable: {reason}");
        return settings;
    }

    private ConversionOption? Find(string name) =>
        Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));

    private ConversionOption Require(string name, bool finishOnly)
    {
        var option = Find(name)
            ?? throw new BadOptionException(name, $"unknown option '{ClientText.Clip(name)}'; the options are: {string.Join(", ", Options.Select(o => o.Name))}");
        if (finishOnly && !option.Refinishes)
            throw new BadOptionException(option.Name, $"{option.Name} changes how the photo is painted; convert it again to change that. " +
                $"A converted photo takes new values of {string.Join(", ", Options.Where(o => o.Refinishes).Select(o => o.Name))}");
        return option;
    }

    /// <summary>An uploaded option file, read; what it cannot be is answered as the status that fits, naming the field.</summary>
    private static ConversionSettings Read(ConversionOption option, ConversionSettings settings, Upload upload)
    {
        var read = option switch
        {
            FileOption<Lut3D> lut => () => lut.Read(settings, upload.Name, upload.Bytes),
            FileOption<LabHistograms> colorRef => () => colorRef.Read(settings, upload.Name, upload.Bytes),
            _ => (Func<ConversionSettings>)(() => throw new BadOptionException(option.Name, $"{option.Name} takes a value, not a file")),
        };
        try
        {
            return Refusing(option, read);
        }
        catch (FileTooLargeException e)
        {
            throw new ApiProblemException(new(StatusCodes.Status413PayloadTooLarge, "File too large", e.Message), option.Name);
        }
        catch (LutFormatException e)
        {
            throw new BadOptionException(option.Name, $"not a usable .cube LUT: {e.Message}")
            {
                Extensions = e.Line > 0 ? new Dictionary<string, object> { ["line"] = e.Line } : null,
            };
        }
        catch (ImageRejectedException e)
        {
            throw new ApiProblemException(ApiProblem.ForRejectedImage(e, $"{option.Name} {upload.Name}"), option.Name);
        }
    }

    /// <summary>Runs <paramref name="bind"/>, answering a refused value as a 400 that names its field.</summary>
    private static ConversionSettings Refusing(ConversionOption? option, Func<ConversionSettings> bind)
    {
        try
        {
            return bind();
        }
        catch (OptionValueException e)
        {
            throw new BadOptionException(e.Option, e.Message);
        }
        catch (ArgumentException e) when (e is not FileTooLargeException)
        {
            throw new BadOptionException(option?.Name ?? e.ParamName ?? "options", e.Message);
        }
    }
}

/// <summary>
/// What this server can offer in the form: the styles it has (the first its default), whether faces can
/// be protected, and what ×2 HD adds to a picture of the default working size with each learned model (seconds).
/// </summary>
public sealed record FormChoices(IReadOnlyList<OptionChoice> Styles, string DefaultStyle, string? FacesUnavailable)
{
    public IReadOnlyDictionary<string, double> UpscaleSeconds { get; init; } = new Dictionary<string, double>();
}
