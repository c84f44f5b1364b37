namespace AnimeGan.Models;

/// <summary>How an image tensor orders its axes.</summary>
public enum TensorLayout
{
    /// <summary>[N, 3, H, W]: PyTorch exports (bryandlee's animegan2-pytorch).</summary>
    Nchw,
    /// <summary>[N, H, W, 3]: TensorFlow conversions (the original AnimeGANv2 checkpoints).</summary>
    Nhwc,
}
