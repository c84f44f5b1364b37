using System.Diagnostics;
using AnimeGan.Imaging;
using AnimeGan.Models;
using Microsoft.ML.OnnxRuntime;

namespace AnimeGan.Inference;

/// <summary>
/// An image-to-image ONNX model (a style generator, an upscaler) on its ONNX Runtime session, driven
/// by its <see cref="ModelContract"/>: built once per model file, reused for every image (Run is
/// thread-safe), disposed with its owner. Images larger than the tile size are run tile by tile and
/// cross-faded, in the output's pixels when the model enlarges.
/// </summary>
public sealed class ImageModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly InferenceSettings _settings;
    private readonly ImageTensors _tensors;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly SemaphoreSlim? _runGate;
    private readonly Lazy<BandedTail?>? _bandedTail;
    private double _millisecondsPerMegapixel;
    private bool _timed;

    /// <summary>What a run costs before one has been timed, when the registry does not say: about the Hayao generator's FP32 rate on 2 cores (BENCHMARKS.md).</summary>
    private const double DefaultMillisecondsPerMegapixel = 5000;

    /// <param name="modelPath">The ONNX file.</param>
    /// <param name="contract">How to drive it; a generator's when not given.</param>
    /// <param name="settings">How the session is built, and the tile size unless the contract has its own.</param>
    /// <param name="expectedMsPerMegapixel">What a run should cost here until one is timed (the registry's figure).</param>
    public ImageModel(string modelPath, ModelContract? contract = null, InferenceSettings? settings = null, double? expectedMsPerMegapixel = null)
    {
        _millisecondsPerMegapixel = expectedMsPerMegapixel ?? DefaultMillisecondsPerMegapixel;
        _settings = settings ?? InferenceSettings.Default;
        _settings.Validate();
        contract ??= ModelContract.Generator;
        contract.Validate(Path.GetFileName(modelPath));
        ModelPath = modelPath;
        var opening = Stopwatch.GetTimestamp();
        _session = SessionFactory.Open(modelPath, _settings, out var fused);
        LoadTime = Stopwatch.GetElapsedTime(opening);
        try
        {
            Signature = ModelSignature.Read(_session);
            if (contract.Layout is { } declared && declared != Signature.Layout)
                throw new ModelSignatureException($"{Path.GetFileName(modelPath)} is registered as {declared} but its tensors are {Signature.Layout}");
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        Contract = contract with { Layout = Signature.Layout };
        _tensors = new ImageTensors(Contract, Signature.Layout);
        _inputNames = [Signature.InputName];
        _outputNames = [Signature.OutputName];
        if (_settings.ConcurrentRuns > 0) _runGate = new SemaphoreSlim(_settings.ConcurrentRuns);
        // Only a graph with the project's operators in can have a tail to band (TailPlan cuts at the fused norms).
        if (fused is not null && _settings.BandedTail && Signature.Layout == TensorLayout.Nchw)
            _bandedTail = new Lazy<BandedTail?>(() => OpenBandedTail(fused, Path.GetFileName(modelPath)));
    }

    /// <summary>Whether a picture of that many pixels runs as head and banded tail (<see cref="BandedTail"/>), rather than in one session run.</summary>
    internal bool RunsBanded(long pixels) => BandedFor(pixels) is not null;

    private BandedTail? BandedFor(long pixels) => pixels >= BandedTail.MinimumPixels ? _bandedTail?.Value : null;

    /// <summary>The model as head and banded tail, built on first use; null (run whole) when its graph has no tail or ONNX Runtime refuses the pieces.</summary>
    private BandedTail? OpenBandedTail(Onnx.ModelProto graph, string name)
    {
        try
        {
            return BandedTail.Open(graph, name, _settings);
        }
        catch (ModelLoadException)
        {
            return null;
        }
    }

    public string ModelPath { get; }

    /// <summary>How long ONNX Runtime took to open the session (reading, optimizing the graph): what a first use waits for.</summary>
    public TimeSpan LoadTime { get; }
    public ModelSignature Signature { get; }

    /// <summary>The registry's contract, with the layout the model's signature shows.</summary>
    public ModelContract Contract { get; }

    public int Scale => Contract.Scale;

    /// <summary>How long a run on an input of this size should take here, from the runs timed so far.</summary>
    public double EstimateMs(int width, int height) => Volatile.Read(ref _millisecondsPerMegapixel) * width * height / 1e6;

    /// <summary>
    /// Runs the model on an RGB image whose sides are multiples of the contract's size multiple; the
    /// result is <see cref="Scale"/> times its size. Cancelling stops ONNX Runtime between two
    /// operators and throws <see cref="OperationCanceledException"/>. Progress goes 0 → 1 per tile.
    /// </summary>
    public PixelBuffer Run(PixelBuffer rgb, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var multiple = Contract.SizeMultiple;
        if (rgb.Width % multiple != 0 || rgb.Height % multiple != 0)
            throw new ArgumentException($"{Path.GetFileName(ModelPath)} needs sides that are multiples of {multiple}, not {rgb.Width}x{rgb.Height}", nameof(rgb));
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
                var output = RunWhole(Resampler.Resize(rgb, fixedWidth, fixedHeight), runOptions, cancellation, progress);
                return Resampler.Resize(output, rgb.Width * Scale, rgb.Height * Scale);
            }
            var tile = (Contract.Tile ?? _settings.TileSize) / multiple * multiple;
            if (rgb.Width <= tile && rgb.Height <= tile)
            {
                using var _ = new ProgressScope(progress);
                return RunWhole(rgb, runOptions, cancellation, progress);
            }
            return RunTiled(rgb, tile, progress, runOptions, cancellation);
        }
        catch (OnnxRuntimeException) when (cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException("the model run was cancelled", cancellation);
        }
    }

    /// <param name="progress">This run's own progress, 0 to 1, told by <see cref="RunClock"/> while it runs.</param>
    private PixelBuffer RunWhole(PixelBuffer rgb, RunOptions runOptions, CancellationToken cancellation, IProgress<double>? progress)
    {
        var started = Stopwatch.GetTimestamp();
        RunOutput run;
        using (new RunClock(progress, EstimateMs(rgb.Width, rgb.Height)))
            run = RunSession(rgb, runOptions, cancellation);
        using var _ = run;
        Learn(Stopwatch.GetElapsedTime(started), rgb.Width * rgb.Height);
        var output = run.Value;
        var produced = output.GetTensorTypeAndShape().Shape;
        var expected = Signature.Shape(rgb.Height * Scale, rgb.Width * Scale);
        if (!produced.SequenceEqual(expected))
            throw new ModelSignatureException(
                $"the model turned a [{string.Join(",", Signature.Shape(rgb.Height, rgb.Width))}] input into [{string.Join(",", produced)}], " +
                $"not the [{string.Join(",", expected)}] its contract (scale {Scale}) promises");
        var result = new PixelBuffer(rgb.Width * Scale, rgb.Height * Scale, 3);
        _tensors.Read(output.GetTensorDataAsSpan<float>(), result);
        return result;
    }

    /// <summary>Folds one run's time into the rate estimates use; recent runs weigh most.</summary>
    private void Learn(TimeSpan took, int pixels)
    {
        var rate = took.TotalMilliseconds / (pixels / 1e6);
        var previous = Volatile.Read(ref _millisecondsPerMegapixel);
        Volatile.Write(ref _millisecondsPerMegapixel, _timed ? 0.7 * previous + 0.3 * rate : rate);
        _timed = true;
    }

    /// <summary>The size of the image the model makes of <paramref name="rgb"/>, whatever its contract says (for <see cref="ContractProbe"/>).</summary>
    internal (int Width, int Height) OutputSizeFor(PixelBuffer rgb)
    {
        using var run = RunSession(rgb, _runOptions, CancellationToken.None);
        var shape = run.Value.GetTensorTypeAndShape().Shape;
        return Signature.Layout == TensorLayout.Nchw ? ((int)shape[3], (int)shape[2]) : ((int)shape[2], (int)shape[1]);
    }

    private RunOutput RunSession(PixelBuffer rgb, RunOptions runOptions, CancellationToken cancellation)
    {
        var input = new float[rgb.Data.Length];
        _tensors.Write(rgb, input);
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, Signature.Shape(rgb.Height, rgb.Width));
        return Run(runOptions, inputValue, cancellation);
    }

    /// <summary>
    /// One model run, through the gate when runs are limited: its activations are freed when it returns. A
    /// picture whose tail would hold large tensors runs banded (<see cref="BandedTail"/>); a small one
    /// (a face crop, a tile of an upscaler) in one session run.
    /// </summary>
    private RunOutput Run(RunOptions runOptions, OrtValue input, CancellationToken cancellation)
    {
        _runGate?.Wait(cancellation);
        try
        {
            if (BandedFor(input.GetTensorTypeAndShape().ElementCount / 3) is { } banded)
            {
                var output = banded.Run(input, runOptions, cancellation);
                return new RunOutput(output, output);
            }
            var outputs = _session.Run(runOptions, _inputNames, [input], _outputNames);
            return new RunOutput(outputs[0], outputs);
        }
        finally
        {
            _runGate?.Release();
        }
    }

    private PixelBuffer RunTiled(PixelBuffer rgb, int tile, IProgress<double>? progress, RunOptions runOptions, CancellationToken cancellation)
    {
        var rows = TilePlan.Cover(rgb.Height, tile, Contract.SizeMultiple, Contract.TileOverlap);
        var columns = TilePlan.Cover(rgb.Width, tile, Contract.SizeMultiple, Contract.TileOverlap);
        var (width, height) = (rgb.Width * Scale, rgb.Height * Scale);
        var sum = new float[width * height * 3];
        var weights = new float[width * height];
        var done = 0;
        foreach (var row in rows)
        foreach (var column in columns)
        {
            cancellation.ThrowIfCancellationRequested();
            var tiles = (double)(rows.Length * columns.Length);
            var output = RunWhole(Resampler.Crop(rgb, column.Start, row.Start, column.Length, row.Length), runOptions, cancellation,
                ProgressSpan.Of(progress, done / tiles, (done + 1) / tiles));
            Accumulate(output, row, column, width, sum, weights);
            progress?.Report(++done / tiles);
        }
        var result = new PixelBuffer(width, height, 3);
        for (var i = 0; i < sum.Length; i++)
            result.Data[i] = (byte)Math.Clamp(MathF.Round(sum[i] / weights[i / 3]), 0f, 255f);
        return result;
    }

    /// <summary>Adds a tile's output, weighted by its fades, at its place in the output image.</summary>
    private void Accumulate(PixelBuffer tile, TileSpan row, TileSpan column, int outputWidth, float[] sum, float[] weights)
    {
        for (var y = 0; y < tile.Height; y++)
        {
            var rowWeight = TilePlan.Weight(row, y, Scale, Contract.TileOverlap);
            var pixels = tile.Row(y);
            var offset = (row.Start * Scale + y) * outputWidth + column.Start * Scale;
            for (var x = 0; x < tile.Width; x++)
            {
                var weight = rowWeight * TilePlan.Weight(column, x, Scale, Contract.TileOverlap);
                weights[offset + x] += weight;
                var target = (offset + x) * 3;
                sum[target] += pixels[x * 3] * weight;
                sum[target + 1] += pixels[x * 3 + 1] * weight;
                sum[target + 2] += pixels[x * 3 + 2] * weight;
            }
        }
    }

    /// <summary>A run's output tensor, and what frees it.</summary>
    private readonly record struct RunOutput(OrtValue Value, IDisposable Owner) : IDisposable
    {
        public void Dispose() => Owner.Dispose();
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
        if (_bandedTail is { IsValueCreated: true, Value: { } banded }) banded.Dispose();
        _runGate?.Dispose();
    }

    /// <summary>
    /// Progress inside one session run, which ONNX Runtime does not report: from the rate measured on
    /// earlier runs (<see cref="EstimateMs"/>), the share its time so far should have done, told four
    /// times a second and never past 95 %, until the run ends. Without it a 1024 px picture, one tile,
    /// would hold its bar still for the whole painting. The ticks come from another thread, which the
    /// progress sinks take (a job's status is locked; the command line's bar is Spectre's, thread-safe).
    /// </summary>
    private sealed class RunClock : IDisposable
    {
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
        private readonly ManualResetEventSlim _ended = new();
        private readonly Thread? _ticker;

        public RunClock(IProgress<double>? progress, double estimateMs)
        {
            if (progress is null || estimateMs <= 0) return;
            var started = Stopwatch.GetTimestamp();
            // A thread of its own: on a busy thread pool (every worker blocked in a model run) a timer's ticks would wait for the run to end.
            _ticker = new Thread(() =>
            {
                while (!_ended.Wait(Interval))
                    progress.Report(Math.Min(0.95, Stopwatch.GetElapsedTime(started).TotalMilliseconds / estimateMs));
            }) { IsBackground = true, Name = "model run progress" };
            _ticker.Start();
        }

        /// <summary>Stops the ticks; returns once the last has been told, so none lands after what the caller reports next.</summary>
        public void Dispose()
        {
            _ended.Set();
            _ticker?.Join();
            _ended.Dispose();
        }
    }

    /// <summary>Reports completion of a single-pass run when it ends.</summary>
    private readonly struct ProgressScope(IProgress<double>? progress) : IDisposable
    {
        public void Dispose() => progress?.Report(1.0);
    }
}
