using Microsoft.ML.OnnxRuntime;

namespace AnimeGan.Inference;

/// <summary>The model file cannot be opened by ONNX Runtime (missing, not ONNX, unsupported operators).</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Builds ONNX Runtime sessions with the settings every model of ours uses.</summary>
public static class SessionFactory
{
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    public static InferenceSession Open(string modelPath, InferenceSettings settings)
    {
        if (!File.Exists(modelPath)) throw new ModelLoadException($"model file not found: {modelPath}");
        return Open(options => new InferenceSession(modelPath, options), Path.GetFileName(modelPath), settings);
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
            IntraOpNumThreads = settings.Threads,
            EnableCpuMemArena = settings.MemoryArena,
            EnableMemoryPattern = settings.MemoryPattern,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (!settings.Spinning) options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
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
