using AnimeGan.Imaging;
using AnimeGan.Inference;
using AnimeGan.Pipeline;

namespace AnimeGan.Benchmarking;

/// <summary>How close a candidate generator's pictures are to a reference generator's, over a set of photos at one size.</summary>
public sealed record QualityMeasurement(int Size, int Photos, double MeanPsnr, double MinPsnr, double MeanSsim, double MinSsim);

public static class QualityComparison
{
    /// <summary>Each photo at the working size for <paramref name="size"/> (aspect kept), through both generators, compared.</summary>
    public static QualityMeasurement Measure(ImageModel reference, ImageModel candidate, IReadOnlyList<string> photos, int size, ImageCodec codec)
    {
        var psnr = new List<double>();
        var ssim = new List<double>();
        foreach (var path in photos)
        {
            using var photo = codec.Decode(path);
            var (width, height) = WorkingSize.For(photo.Width, photo.Height, size, reference.Contract.SizeMultiple);
            var pixels = photo.ReadColour(width, height);
            var expected = reference.Run(pixels);
            var actual = candidate.Run(pixels);
            psnr.Add(ImageComparison.Psnr(expected, actual));
            ssim.Add(ImageComparison.Ssim(expected, actual));
        }
        if (psnr.Count == 0) throw new ArgumentException("no photos to compare", nameof(photos));
        return new QualityMeasurement(size, psnr.Count, Math.Round(psnr.Average(), 2), Math.Round(psnr.Min(), 2),
            Math.Round(ssim.Average(), 4), Math.Round(ssim.Min(), 4));
    }

    /// <summary>
    /// How well <paramref name="upscaler"/> restores detail: each photo (its centre, a multiple of the
    /// scale and of the painter's multiple, at most <paramref name="side"/> px), or its painting by
    /// <paramref name="painter"/> (what HD enlarges), reduced by the model's scale with a box filter (each
    /// block's mean), enlarged back by the model and by bicubic and Lanczos-3 resampling, each compared
    /// with what was reduced.
    /// </summary>
    public static IReadOnlyList<(string Method, QualityMeasurement Quality)> MeasureUpscaler(ImageModel upscaler, IReadOnlyList<string> photos,
        int side, ImageCodec codec, ImageModel? painter = null)
    {
        if (photos.Count == 0) throw new ArgumentException("no photos to compare", nameof(photos));
        var scale = upscaler.Scale;
        var grid = scale * (painter?.Contract.SizeMultiple ?? 1);
        var methods = new (string Name, Func<PixelBuffer, int, int, PixelBuffer> Enlarge)[]
        {
            (Path.GetFileNameWithoutExtension(upscaler.ModelPath), (small, _, _) => upscaler.Run(small)),
            ("bicubic", Resampler.Resize),
            ("lanczos", Resampler.EnlargeLanczos),
        };
        var psnr = methods.ToDictionary(m => m.Name, _ => new List<double>());
        var ssim = methods.ToDictionary(m => m.Name, _ => new List<double>());
        foreach (var path in photos)
        {
            using var photo = codec.Decode(path);
            var (width, height) = (Math.Min(side, photo.Width) / grid * grid, Math.Min(side, photo.Height) / grid * grid);
            var original = Resampler.Crop(photo.ReadColour(photo.Width, photo.Height), (photo.Width - width) / 2, (photo.Height - height) / 2, width, height);
            if (painter is not null) original = painter.Run(original);
            var small = Resampler.AverageBlocks(original, scale);
            foreach (var (name, enlarge) in methods)
            {
                var restored = enlarge(small, width, height);
                psnr[name].Add(ImageComparison.Psnr(original, restored));
                ssim[name].Add(ImageComparison.Ssim(original, restored));
            }
        }
        return methods.Select(m => (m.Name, new QualityMeasurement(side, photos.Count, Math.Round(psnr[m.Name].Average(), 2), Math.Round(psnr[m.Name].Min(), 2),
            Math.Round(ssim[m.Name].Average(), 4), Math.Round(ssim[m.Name].Min(), 4)))).ToList();
    }
}
