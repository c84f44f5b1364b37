using AnimeGan.Imaging;

namespace AnimeGan.Video;

/// <summary>
/// The usual measure of flicker, the temporal warping error: the mean absolute difference between each
/// output frame and the previous output frame carried onto it by the input's optical flow, over the
/// pixels the flow explains (occlusions left out), in levels of 0–255. Steady pictures score low.
/// </summary>
public static class TemporalError
{
    public static double Measure(IReadOnlyList<PixelBuffer> inputs, IReadOnlyList<PixelBuffer> outputs)
    {
        if (inputs.Count != outputs.Count || inputs.Count < 2) throw new ArgumentException("two or more frames, as many outputs as inputs");
        var (sum, weight) = (0.0, 0.0);
        for (var t = 1; t < inputs.Count; t++)
        {
            using var flow = OpticalFlow.Between(inputs[t - 1], inputs[t]);
            var carried = flow.Carry(outputs[t - 1]);
            var confidences = flow.Confidences();
            var current = outputs[t].Data;
            for (var i = 0; i < confidences.Length; i++)
            {
                if (confidences[i] < 0.5f) continue;
                var p = i * 3;
                sum += Math.Abs(current[p] - carried.Data[p]) + Math.Abs(current[p + 1] - carried.Data[p + 1]) + Math.Abs(current[p + 2] - carried.Data[p + 2]);
                weight += 3;
            }
        }
        return weight == 0 ? 0 : sum / weight;
    }
}
