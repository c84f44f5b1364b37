using AnimeGan.Options;
using AnimeGan.Pipeline;
using AnimeGan.Server.Api;
using AnimeGan.Server.Styles;

namespace AnimeGan.Server.Forms;

/// <summary>
/// The settings part of a request as the client sent it: the preset's name, the option fields and the
/// option files (a LUT, a colour reference) with their bytes. Plain data, so a job can carry it to
/// another replica, which binds it through the same <see cref="SettingsBinder"/> into the same
/// settings; the settings themselves hold objects read from the files, which are not data to send.
/// </summary>
public sealed record SettingsForm(string? Preset, IReadOnlyList<KeyValuePair<string, string[]>> Fields, IReadOnlyList<OptionFile> Files,
    bool HasClips);

/// <summary>An uploaded option file: the field it came in, the client's name for it, its bytes.</summary>
public sealed record OptionFile(string Field, string Name, byte[] Bytes);

/// <summary>Turns a <see cref="SettingsForm"/> into settings: the preset, then the fields and files on top, checked.</summary>
public sealed class SettingsBinder(ConversionForm form, StyleCatalog styles)
{
    public ConversionSettings Bind(SettingsForm submitted)
    {
        // A preset gives the style and the starting look; a style or option given as well wins.
        var preset = submitted.Preset is { } name ? styles.Preset(name) : null;
        var start = preset is null ? form.Defaults : form.Defaults with { Style = preset.Style, Look = preset.Look };
        // Faces cost a model run per frame: a job with a clip paints them only when asked, as the CLI's video command does.
        if (submitted.HasClips && !submitted.Fields.Any(f => string.Equals(f.Key, ConversionOptions.FacesOn.Name, StringComparison.OrdinalIgnoreCase)))
            start = start with { Faces = start.Faces with { Enabled = false } };
        var settings = form.Bind(submitted.Fields, submitted.Files.Select(f => KeyValuePair.Create(f.Field, new Upload(f.Name, f.Bytes))), start);
        styles.RequireAvailable(settings);
        return settings;
    }
}
