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
}
