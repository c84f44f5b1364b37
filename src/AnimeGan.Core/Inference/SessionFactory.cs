using AnimeGan.Quantization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace AnimeGan.Inference;

/// <summary>The model file cannot be opened by ONNX Runtime (missing, not ONNX, unsupported operators).</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Builds ONNX Runtime sessions with the settings every model of ours uses.</summary>
public static class SessionFactory
{
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>
    /// The fused-norm operator library built with the product (native/norm_ops), beside the program; null
    /// where it was not built (no compiler), and the models then run their norms as their files spell them.
    /// </summary>
    public static string? NormOpsLibrary { get; } =
        Path.Combine(AppContext.BaseDirectory, "libanimegan_norm_ops.so") is var path && File.Exists(path) ? path : null;

    /// <summary>
    /// One CPU memory arena for every session of the process (ONNX Runtime's environment allocator):
    /// each session's own arena would keep its peak for good, so a generator run in pieces (<see cref="BandedTail"/>),
    /// or a face model after the picture's, would add its peak to the others' instead of reusing theirs.
    /// </summary>
    private static readonly Lazy<OrtMemoryInfo> SharedArena = new(() =>
    {
        var cpu = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
        using var defaults = new OrtArenaCfg(0, -1, -1, -1);
        OrtEnv.Instance().CreateAndRegisterAllocator(cpu, defaults);
        return cpu;
    });

    /// <summary>
    /// Where tensors of ours that <paramref name="session"/> reads or writes should live: the shared arena
    /// when the settings keep one (the caller disposes the handle), else plain memory (<see cref="OrtAllocator.DefaultInstance"/>).
    /// </summary>
    public static OrtAllocator Allocator(InferenceSession session, InferenceSettings settings) =>
        UsesSharedArena(settings) ? new OrtAllocator(session, SharedArena.Value) : OrtAllocator.DefaultInstance;

    private static bool UsesSharedArena(InferenceSettings settings) => settings.MemoryArena && settings.Device == InferenceDevice.Cpu;

    /// <summary>A session over a model file; its norms and upsampling fused (<see cref="NormFusion"/>, <see cref="UpsampleFusion"/>) on the CPU when the settings and the build allow.</summary>
    public static InferenceSession Open(string modelPath, InferenceSettings settings) => Open(modelPath, settings, out _);

    /// <inheritdoc cref="Open(string, InferenceSettings)"/>
    /// <param name="fused">The graph the session runs when the project's operators were put in (<see cref="FusedGraph(string, InferenceSettings)"/>), else null.</param>
    internal static InferenceSession Open(string modelPath, InferenceSettings settings, out ModelProto? fused)
    {
        if (!File.Exists(modelPath)) throw new ModelLoadException($"model file not found: {modelPath}");
        var name = Path.GetFileName(modelPath);
        fused = FusedGraph(modelPath, settings);
        if (fused is not null) return Open(fused.ToByteArray(), name, settings);
        return Open(options => new InferenceSession(modelPath, options), name, settings);
    }

    /// <summary>The model's graph with the project's operators in (its norms and upsampling fused), as the sessions of <see cref="Open(string, InferenceSettings)"/> run it; null when there is nothing to fuse or the settings and build do not fuse.</summary>
    /// <remarks>The fused operators are CPU kernels: on a GPU each would send its tensor to the host and back.</remarks>
    internal static ModelProto? FusedGraph(string modelPath, InferenceSettings settings) =>
        settings.FusedOperators && settings.Device == InferenceDevice.Cpu && NormOpsLibrary is not null ? FusedGraph(modelPath) : null;

    private static ModelProto? FusedGraph(string modelPath)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parse(File.ReadAllBytes(modelPath));
        }
        catch (InvalidDataException)
        {
            return null;
        }
        return NormFusion.Rewrite(model) + UpsampleFusion.Rewrite(model) > 0 ? model : null;
    }

    /// <summary>A session over a model held in memory (an edited graph); <paramref name="name"/> is for messages.</summary>
    public static InferenceSession Open(byte[] model, string name, InferenceSettings settings) =>
        Open(options => new InferenceSession(model, options), name, settings);

    private static InferenceSession Open(Func<SessionOptions, InferenceSession> create, string name, InferenceSettings settings)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = settings.Optimization,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // One per core ourselves: ONNX Runtime's own default counts the physical cores it detects, and took
            // one of this 2-core machine's two (Hayao FP32 at 512²: 1645 ms against 916 with both; BENCHMARKS.md).
            IntraOpNumThreads = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount,
            EnableCpuMemArena = settings.MemoryArena,
            EnableMemoryPattern = settings.MemoryPattern,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (UsesSharedArena(settings))
        {
            _ = SharedArena.Value;
            options.AddSessionConfigEntry("session.use_env_allocators", "1");
        }
        if (!settings.Spinning) options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        // Registered for every session, so a graph that names the fused operator (a rewritten one) finds it.
        if (NormOpsLibrary is not null) options.RegisterCustomOpLibrary(NormOpsLibrary);
        if (settings.Device == InferenceDevice.Cuda) CudaProvider.Append(options);
        try
        {
            return create(options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException($"ONNX Runtime cannot load {name}: {e.Message}", e);
        }
    }
}
