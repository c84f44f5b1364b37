using System.CommandLine;
using AnimeGan.Faces;
using AnimeGan.Inference;
using AnimeGan.Models;
using AnimeGan.Pipeline;
using Spectre.Console;

namespace AnimeGan.Cli.Commands;

/// <summary>Face protection: every face aligned, stylized on its own at 512 px and blended back.</summary>
internal sealed class FaceOptions : ISettingsOptions
{
    private readonly Option<bool> _faces = new("--faces")
    {
        Description = "Repaint each face on its own at 512 px so it keeps its shape (default: on)",
    };

    private readonly Option<bool> _noFaces = new("--no-faces")
    {
        Description = "Stylize faces with the rest of the picture",
    };

    private readonly Option<string?> _style = new("--face-style")
    {
        Description = "Style to paint faces with (default: the picture's style)",
        HelpName = "NAME",
    };

    private readonly Option<int> _minSize = new("--face-min-size")
    {
        Description = "Leave faces smaller than this many pixels of the working image as they are",
        HelpName = "PX",
        DefaultValueFactory = _ => FaceSettings.DefaultMinSize,
        Validators = { result => CommonOptions.RequireRange(result, FaceSettings.MinMinSize, FaceSettings.MaxMinSize) },
    };

    private readonly Option<float> _threshold = new("--face-threshold")
    {
        Description = "Detector confidence a face needs, above 0 and below 1",
        HelpName = "P",
        DefaultValueFactory = _ => FaceSettings.DefaultThreshold,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<float>() is not (> 0f and < 1f)) result.AddError("--face-threshold must be above 0 and below 1");
            },
        },
    };

    private readonly Option<bool> _debug = new("--face-debug")
    {
        Description = "Also write NAME.faces.png beside each output, with the faces' boxes, landmarks and masks drawn",
    };

    public FaceOptions()
    {
        _noFaces.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<bool>() && result.Parent?.GetResult(_faces) is { Implicit: false })
                result.AddError("use either --faces or --no-faces, not both");
        });
    }

    public IEnumerable<Option> Options => [_faces, _noFaces, _style, _minSize, _threshold, _debug];

    public ConversionSettings Apply(ParseResult parsed, ConversionSettings settings) => settings with
    {
        Faces = new FaceSettings
        {
            Enabled = !parsed.GetValue(_noFaces),
            Style = parsed.GetValue(_style),
            MinSize = parsed.GetValue(_minSize),
            Threshold = parsed.GetValue(_threshold),
            Debug = parsed.GetValue(_debug),
        },
    };

    /// <summary>
    /// Loads the face models and the face style before any photo is read. Face protection is on by
    /// default, so when its models are simply not installed it steps aside with a warning (conversion
    /// still works); asked for with --faces, or with a --face-style that cannot be loaded, it is an error.
    /// </summary>
    public ConversionSettings Prepare(ParseResult parsed, FacePainter painter, ConversionSettings settings, Stylizer pictureStyle)
    {
        if (!settings.Faces.Enabled) return settings;
        try
        {
            painter.Prepare(settings.Faces, pictureStyle);
            return settings;
        }
        catch (ModelNotFoundException e) when (settings.Faces.Style is null && parsed.GetResult(_faces) is null or { Implicit: true })
        {
            Terminal.Error.MarkupLineInterpolated($"[yellow]warning:[/] converting without face protection: {e.Message}");
            return settings with { Faces = settings.Faces with { Enabled = false } };
        }
    }
}
