namespace AnimeGan.Inference;

/// <summary>Where ONNX Runtime runs the models.</summary>
public enum InferenceDevice
{
    Cpu,
    /// <summary>An NVIDIA GPU through the CUDA execution provider (an opt-in build; see <see cref="CudaProvider"/>).</summary>
    Cuda,
}

/// <summary>The device asked for cannot run models here: no GPU, no driver, or the provider libraries were not built in.</summary>
public sealed class DeviceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
