using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace AnimeGan.Inference;

/// <summary>
/// The CUDA execution provider. Its library (229 MB, from the npm package
/// com.github.asus4.onnxruntime.linux-x64-gpu) is only copied next to the program by an opt-in build,
/// <c>dotnet build -p:AnimeGanGpu=true</c>; it is an ONNX Runtime plugin, registered with the runtime
/// on first use, and needs the NVIDIA driver, CUDA 13 and cuDNN 9 on the machine.
/// </summary>
public static class CudaProvider
{
    public const string LibraryName = "libonnxruntime_providers_cuda.so";
    public const string BuildCommand = "dotnet build -p:AnimeGanGpu=true";

    private static readonly Lazy<OrtEpDevice> Device = new(Register);

    /// <summary>Adds the GPU to a session's providers, or says plainly why it cannot.</summary>
    public static void Append(SessionOptions options)
    {
        var device = Device.Value;
        try
        {
            options.AppendExecutionProvider(OrtEnv.Instance(), [device], new Dictionary<string, string>());
        }
        catch (OnnxRuntimeException e)
        {
            throw new DeviceUnavailableException($"the CUDA execution provider cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Why CUDA cannot run on this machine, or null when the prerequisites are there.</summary>
    public static string? MissingPrerequisite()
    {
        if (!NativeLibrary.TryLoad("libcuda.so.1", out var driver))
            return "--device cuda needs an NVIDIA GPU and its driver, and this machine has none (libcuda.so.1 not found); use --device cpu";
        NativeLibrary.Free(driver);
        if (!File.Exists(LibraryPath))
            return $"--device cuda needs the CUDA execution provider ({LibraryName}), which a normal build leaves out. " +
                   $"Build with: {BuildCommand} (fetches 179 MB; the machine also needs CUDA 13 and cuDNN 9)";
        return null;
    }

    private static string LibraryPath => Path.Combine(AppContext.BaseDirectory, LibraryName);

    private static OrtEpDevice Register()
    {
        if (MissingPrerequisite() is { } missing) throw new DeviceUnavailableException(missing);
        var environment = OrtEnv.Instance();
        try
        {
            environment.RegisterExecutionProviderLibrary("CUDA", LibraryPath);
        }
        catch (OnnxRuntimeException e)
        {
            throw new DeviceUnavailableException($"the CUDA execution provider cannot start: {e.Message} (it needs CUDA 13 and cuDNN 9 on the library path)", e);
        }
        return environment.GetEpDevices().FirstOrDefault(d => d.EpName.StartsWith("CUDA", StringComparison.Ordinal)
                                                              && d.HardwareDevice.Type == OrtHardwareDeviceType.GPU)
               ?? throw new DeviceUnavailableException("the CUDA execution provider loaded but found no usable GPU");
    }
}
