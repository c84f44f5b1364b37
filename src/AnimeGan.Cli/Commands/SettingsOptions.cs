using System.CommandLine;
using AnimeGan.Pipeline;

namespace AnimeGan.Cli.Commands;

/// <summary>
/// A group of options that fills one part of <see cref="ConversionSettings"/>. Each feature (working
/// size, faces, look) owns one group, and `convert` takes every group.
/// </summary>
internal interface ISettingsOptions
{
    IEnumerable<Option> Options { get; }

    ConversionSettings Apply(ParseResult parsed, ConversionSettings settings);
}

/// <summary>Working size, output size and encoder quality.</summary>
internal sealed class SizeOptions : ISettingsOptions
{
    private readonly Option<int> _size = new("--size")
    {
        Description = "Cap on the long side of the working image, in pixels",
        HelpName = "N",
        DefaultValueFactory = _ => WorkingSize.DefaultMaxSide,
        Validators = { result => CommonOptions.RequireRange(result, WorkingSize.MinMaxSide, WorkingSize.MaxMaxSide) },
    };

    private readonly Option<bool> _keepSize = new("--keep-size")
    {
        Description = "Resize the result back to the photo's own dimensions",
    };

    private readonly Option<int> _quality = new("--quality", "-q")
    {
        Description = "JPEG/WebP quality",
        HelpName = "Q",
        DefaultValueFactory = _ => Imaging.OutputFormats.DefaultQuality,
        Validators = { result => CommonOptions.RequireRange(result, 1, 100) },
    };

    public IEnumerable<Option> Options => [_size, _keepSize, _quality];

    public ConversionSettings Apply(ParseResult parsed, ConversionSettings settings) => settings with
    {
        MaxSize = parsed.GetValue(_size),
        KeepSize = parsed.GetValue(_keepSize),
        Quality = parsed.GetValue(_quality),
    };
}
