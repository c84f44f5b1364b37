using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace AnimeGan.Inference;

/// <summary>
/// The CUDA execution provider. A normal build carries the CPU-only ONNX Runtime; an opt-in build,
/// <c>dotnet build -p:AnimeGanGpu=true</c>, takes the NuGet package Microsoft.ML.OnnxRuntime.Gpu.Linux
/// instead, whose runtime has the CUDA provider built in. It needs the NVIDIA driver, CUDA 12 and
/// cuDNN 9 on the machine.
/// </summary>
public static class CudaProvider
{
    public const string BuildCommand = "dotnet build -p:AnimeGanGpu=true";
    private const string ProviderName = "CUDAExecutionProvider";

    /// <summary>Adds the GPU to a session's providers, or says plainly why it cannot.</summary>
    public static void Append(SessionOptions options)
    {
        if (MissingPrerequisite() is { } missing) throw new DeviceUnavailableException(missing);
        try
        {
            options.AppendExecutionProvider_CUDA(0);
        }
        catch (OnnxRuntimeException e)
        {
            throw new DeviceUnavailableException($"the CUDA execution provider cannot start: {e.Message} (it needs CUDA 12 and cuDNN 9 on the library path)", e);
        }
    }

    /// <summary>Why CUDA cannot run on this machine, or null when the prerequisites are there.</summary>
    public static string? MissingPrerequisite()
    {
        if (!NativeLibrary.TryLoad("libcuda.so.1", out var driver))
            return "--device cuda needs an NVIDIA GPU and its driver, and this machine has none (libcuda.so.1 not found); use --device cpu";
        NativeLibrary.Free(driver);
        if (!OrtEnv.Instance().GetAvailableProviders().Contains(ProviderName))
            return $"--device cuda needs the CUDA build of ONNX Runtime, which a normal build leaves out. Build with: {BuildCommand} " +
                   "(the machine also needs CUDA 12 and cuDNN 9)";
        return null;
    }
}
