using AnimeGan.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace AnimeGan.Inference;

/// <summary>
/// One AnimeGANv2-family generator on an ONNX Runtime session: built once per model file, reused for
/// every image (Run is thread-safe), disposed with its owner. Images larger than the tile size are
/// stylized tile by tile and cross-faded.
/// </summary>
public sealed class Stylizer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly InferenceSettings _settings;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly SemaphoreSlim? _runGate;

    public Stylizer(string modelPath, InferenceSettings? settings = null)
    {
        _settings = settings ?? InferenceSettings.Default;
        _settings.Validate();
        ModelPath = modelPath;
        _session = SessionFactory.Open(modelPath, _settings);
        try
        {
            Signature = GeneratorSignature.Read(_session);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        _inputNames = [Signature.InputName];
        _outputNames = [Signature.OutputName];
        if (_settings.ConcurrentRuns > 0) _runGate = new SemaphoreSlim(_settings.ConcurrentRuns);
    }

    public string ModelPath { get; }
    public GeneratorSignature Signature { get; }

    /// <summary>
    /// Stylizes an RGB image whose sides are multiples of 8; the result has the same size. Cancelling
    /// stops ONNX Runtime between two operators and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public PixelBuffer Stylize(PixelBuffer rgb, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        if (rgb.Width % 8 != 0 || rgb.Height % 8 != 0)
            throw new ArgumentException($"the generator needs sides that are multiples of 8, not {rgb.Width}x{rgb.Height}", nameof(rgb));
        cancellation.ThrowIfCancellationRequested();
        using var cancellable = cancellation.CanBeCanceled ? new RunOptions() : null;
        using var terminate = cancellable is null ? default : cancellation.Register(() => cancellable.Terminate = true);
        var runOptions = cancellable ?? _runOptions;
        try
        {
            if (Signature is { FixedWidth: int fixedWidth, FixedHeight: int fixedHeight }
                && (fixedWidth != rgb.Width || fixedHeight != rgb.Height))
            {
                using var _ = new ProgressScope(progress);
                var styled = RunWhole(Resampler.Resize(rgb, fixedWidth, fixedHeight), runOptions, cancellation);
                return Resampler.Resize(styled, rgb.Width, rgb.Height);
            }
            if (rgb.Width <= _settings.TileSize && rgb.Height <= _settings.TileSize)
            {
                using var _ = new ProgressScope(progress);
                return RunWhole(rgb, runOptions, cancellation);
            }
            return RunTiled(rgb, progress, runOptions, cancellation);
        }
        catch (OnnxRuntimeException) when (cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException("stylizing was cancelled", cancellation);
        }
    }

    private PixelBuffer RunWhole(PixelBuffer rgb, RunOptions runOptions, CancellationToken cancellation)
    {
        var input = new float[rgb.Data.Length];
        GeneratorTensors.Write(rgb, input, Signature.Layout);
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, Signature.Shape(rgb.Height, rgb.Width));
        using var outputs = Run(runOptions, inputValue, cancellation);
        var output = outputs[0];
        var produced = output.GetTensorTypeAndShape().Shape;
        var expected = Signature.Shape(rgb.Height, rgb.Width);
        if (!produced.SequenceEqual(expected))
            throw new ModelSignatureException(
                $"the model turned a [{string.Join(",", expected)}] input into [{string.Join(",", produced)}]; a generator keeps the size");
        var result = new PixelBuffer(rgb.Width, rgb.Height, 3);
        GeneratorTensors.Read(output.GetTensorDataAsSpan<float>(), Signature.Layout, result);
        return result;
    }

    /// <summary>One session run, through the gate when runs are limited: its activations are freed when it returns.</summary>
    private IDisposableReadOnlyCollection<OrtValue> Run(RunOptions runOptions, OrtValue input, CancellationToken cancellation)
    {
        _runGate?.Wait(cancellation);
        try
        {
            return _session.Run(runOptions, _inputNames, [input], _outputNames);
        }
        finally
        {
            _runGate?.Release();
        }
    }

    private PixelBuffer RunTiled(PixelBuffer rgb, IProgress<double>? progress, RunOptions runOptions, CancellationToken cancellation)
    {
        var rows = TilePlan.Cover(rgb.Height, _settings.TileSize);
        var columns = TilePlan.Cover(rgb.Width, _settings.TileSize);
        var sum = new float[rgb.Data.Length];
        var weights = new float[rgb.Width * rgb.Height];
        var done = 0;
        foreach (var row in rows)
        foreach (var column in columns)
        {
            cancellation.ThrowIfCancellationRequested();
            var tile = RunWhole(Resampler.Crop(rgb, column.Start, row.Start, column.Length, row.Length), runOptions, cancellation);
            Accumulate(tile, row, column, rgb.Width, sum, weights);
            progress?.Report(++done / (double)(rows.Length * columns.Length));
        }
        var result = new PixelBuffer(rgb.Width, rgb.Height, 3);
        for (var i = 0; i < sum.Length; i++)
            result.Data[i] = (byte)Math.Clamp(MathF.Round(sum[i] / weights[i / 3]), 0f, 255f);
        return result;
    }

    private static void Accumulate(PixelBuffer tile, TileSpan row, TileSpan column, int imageWidth, float[] sum, float[] weights)
    {
        for (var y = 0; y < tile.Height; y++)
        {
            var rowWeight = TilePlan.Weight(row, y);
            var pixels = tile.Row(y);
            var offset = (row.Start + y) * imageWidth + column.Start;
            for (var x = 0; x < tile.Width; x++)
            {
                var weight = rowWeight * TilePlan.Weight(column, x);
                weights[offset + x] += weight;
                var target = (offset + x) * 3;
                sum[target] += pixels[x * 3] * weight;
                sum[target + 1] += pixels[x * 3 + 1] * weight;
                sum[target + 2] += pixels[x * 3 + 2] * weight;
            }
        }
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
        _runGate?.Dispose();
    }

    /// <summary>Reports completion of a single-pass run when it ends.</summary>
    private readonly struct ProgressScope(IProgress<double>? progress) : IDisposable
    {
        public void Dispose() => progress?.Report(1.0);
    }
}
