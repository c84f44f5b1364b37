using AnimeGan.Imaging;
using AnimeGan.Models;
using Microsoft.ML.OnnxRuntime;

namespace AnimeGan.Inference;

/// <summary>
/// Finds by running it what a model file does not say about itself: the side multiple it needs and
/// the scale it enlarges by. The layout comes from its signature. Runs on small grey squares, so it
/// costs milliseconds even for a large generator.
/// </summary>
public static class ContractProbe
{
    private const int MinSide = 64;
    private const int LargestMultiple = 64;

    /// <summary>
    /// The contract of the model at <paramref name="path"/>: <paramref name="template"/> (value range,
    /// channel order) with the layout, size multiple (unless <paramref name="sizeMultiple"/> gives it)
    /// and scale found. A model that runs on none of the probe sizes is not an image model we can drive.
    /// </summary>
    public static ModelContract Probe(string path, ModelContract template, int? sizeMultiple = null)
    {
        var settings = InferenceSettings.Default with { Threads = 1 };
        using var model = new ImageModel(path, template with { SizeMultiple = 1, Scale = 1, Layout = null }, settings);
        var multiples = sizeMultiple is { } given ? [given] : Enumerable.Range(0, 7).Select(i => 1 << i);
        var failures = new List<string>();
        foreach (var multiple in multiples)
        {
            // An odd number of multiples: a side that the next multiple up does not divide.
            var side = multiple * (MinSide / multiple + 1 - MinSide / multiple % 2);
            if (TryRun(model, side) is { } scale)
                return template with { Layout = model.Signature.Layout, SizeMultiple = multiple, Scale = scale };
            failures.Add($"{side}x{side}");
        }
        throw new ModelSignatureException(sizeMultiple is { } m
            ? $"{Path.GetFileName(path)} does not run on a {failures[0]} image, although --size-multiple {m} says it should"
            : $"{Path.GetFileName(path)} runs on none of the test sizes ({string.Join(", ", failures)}): sides up to a multiple of {LargestMultiple} " +
              "were tried; if it needs another multiple, give it with --size-multiple");
    }

    /// <summary>The model's scale at this side, or null when it cannot take this side.</summary>
    private static int? TryRun(ImageModel model, int side)
    {
        var probe = new PixelBuffer(side, side, 3);
        Array.Fill(probe.Data, (byte)128);
        try
        {
            var (width, height) = model.OutputSizeFor(probe);
            return width == height && width % side == 0 ? width / side : null;
        }
        catch (OnnxRuntimeException)
        {
            return null;
        }
    }
}
