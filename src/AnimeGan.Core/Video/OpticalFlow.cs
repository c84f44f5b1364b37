using AnimeGan.Imaging;
using OpenCvSharp;

namespace AnimeGan.Video;

/// <summary>
/// Dense optical flow between consecutive frames of the input (OpenCV's Farneback), and what it is for:
/// carrying the previous frame's picture onto the current one, and telling where that carrying holds
/// (where the flow explains the input) from where something new appeared (occlusion).
/// </summary>
public sealed class OpticalFlow : IDisposable
{
    /// <summary>Brightness differences (0–255) below which a pixel is explained by the flow, and above which it is not.</summary>
    private const float Explained = 6, Unexplained = 20;

    private readonly Mat _map;
    private readonly Mat _confidence;

    private OpticalFlow(Mat map, Mat confidence) => (_map, _confidence) = (map, confidence);

    /// <summary>
    /// Where each pixel of <paramref name="current"/> was in <paramref name="previous"/> (two frames of
    /// the input, same size), and how well that explains it (1 where the previous frame, carried over,
    /// matches the current one; 0 where it does not: things that moved in, or out from behind).
    /// </summary>
    public static OpticalFlow Between(PixelBuffer previous, PixelBuffer current)
    {
        using var previousGrey = Grey(previous);
        using var currentGrey = Grey(current);
        using var flow = new Mat();
        Cv2.CalcOpticalFlowFarneback(currentGrey, previousGrey, flow, 0.5, 3, 15, 3, 5, 1.2, OpticalFlowFlags.None);
        // The flow says where each pixel came from; remapping wants where to read it: the pixel's own place plus that.
        var map = new Mat(current.Height, current.Width, MatType.CV_32FC2);
        var flowRows = flow.AsRows<Vec2f>();
        var mapRows = map.AsRows<Vec2f>();
        for (var y = 0; y < current.Height; y++)
        {
            var from = flowRows[y];
            var to = mapRows[y];
            for (var x = 0; x < from.Length; x++) to[x] = new Vec2f(x + from[x].Item0, y + from[x].Item1);
        }
        using var carried = Remap(previousGrey, map);
        using var difference = new Mat();
        Cv2.Absdiff(currentGrey, carried, difference);
        // 1 below "explained", 0 above "unexplained", a ramp between; smoothed so the seam of an occlusion does not show.
        using var ramp = new Mat();
        difference.ConvertTo(ramp, MatType.CV_32F, -1.0 / (Unexplained - Explained), Unexplained / (Unexplained - Explained));
        using var clamped = new Mat();
        Cv2.Min(ramp, 1.0, clamped);
        Cv2.Max(clamped, 0.0, clamped);
        var confidence = new Mat();
        Cv2.GaussianBlur(clamped, confidence, new Size(0, 0), 2);
        return new OpticalFlow(map, confidence);
    }

    /// <summary><paramref name="picture"/> (the previous frame's, same size) carried to where its pixels are in the current frame.</summary>
    public PixelBuffer Carry(PixelBuffer picture)
    {
        using var source = Wrap(picture);
        using var carried = Remap(source, _map);
        var result = new PixelBuffer(picture.Width, picture.Height, 3);
        System.Runtime.InteropServices.Marshal.Copy(carried.Data, result.Data, 0, result.Data.Length);
        return result;
    }

    /// <summary>How well the flow explains the current frame at (x, y): 0 to 1.</summary>
    public float Confidence(int x, int y) => _confidence.At<float>(y, x);

    /// <summary>The confidence of every pixel, row by row.</summary>
    public float[] Confidences()
    {
        var values = new float[_confidence.Rows * _confidence.Cols];
        System.Runtime.InteropServices.Marshal.Copy(_confidence.Data, values, 0, values.Length);
        return values;
    }

    public void Dispose()
    {
        _map.Dispose();
        _confidence.Dispose();
    }

    private static Mat Remap(Mat source, Mat map)
    {
        var remapped = new Mat();
        using var none = new Mat();
        Cv2.Remap(source, remapped, map, none, InterpolationFlags.Linear, BorderTypes.Replicate);
        return remapped;
    }

    private static Mat Grey(PixelBuffer rgb)
    {
        using var colour = Wrap(rgb);
        var grey = new Mat();
        Cv2.CvtColor(colour, grey, ColorConversionCodes.RGB2GRAY);
        return grey;
    }

    /// <summary>The pixels seen as an OpenCV image, without a copy.</summary>
    private static Mat Wrap(PixelBuffer rgb) => Mat.FromPixelData(rgb.Height, rgb.Width, MatType.CV_8UC3, rgb.Data);
}
