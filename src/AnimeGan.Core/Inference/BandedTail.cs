using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using ElementType = Onnx.TensorProto.Types.DataType;

namespace AnimeGan.Inference;

/// <summary>
/// A generator run as its head, in one session run, and its full-resolution tail (<see cref="TailPlan"/>) a
/// band of rows at a time, piece by piece. Between two norms a piece's output is kept whole (the next
/// norm needs all of it, and it is applied as each band of it is cut), but the tensors inside a piece —
/// AnimeGANv2's 2× upsampling of 128 channels, its padded copy, the convolution's reordered input, 358 MB
/// each at 1024×683 in float — exist one band at a time. The bands overlap by each piece's reach
/// (<see cref="TailSegment.Halo"/>) and keep only the rows they compute exactly, so the result is the
/// whole graph's. Everything lives in the sessions' shared arena (<see cref="SessionFactory.Allocator"/>).
/// </summary>
internal sealed class BandedTail : IDisposable
{
    /// <summary>
    /// What a band's widest tensor may take. Smaller bands repeat more overlap rows, larger ones hold more
    /// memory: at 1024×680, 32 MB cost 10–20 % more time for the same peak as 64, and 96 MB raised the
    /// peak by 50–90 MB (BENCHMARKS.md, "Memory at 1024 px").
    /// </summary>
    internal const long BandBytes = 64L << 20;

    /// <summary>
    /// Pictures smaller than this run whole: below it the tail's tensors are small enough, and the pieces'
    /// extra passes cost more than they save (a 512² picture took 15–20 % longer banded; BENCHMARKS.md).
    /// </summary>
    public const int MinimumPixels = 1024 * 512;

    private readonly InferenceSession _head;
    private readonly string _headInput;
    private readonly string _headOutput;
    private readonly Piece[] _pieces;
    private readonly OrtAllocator _allocator;

    private sealed record Piece(TailSegment Plan, InferenceSession Session, string Input, string Output);

    private BandedTail(InferenceSession head, Piece[] pieces, OrtAllocator allocator)
    {
        _head = head;
        _headInput = head.InputMetadata.Keys.Single();
        _headOutput = head.OutputMetadata.Keys.Single();
        _pieces = pieces;
        _allocator = allocator;
    }

    /// <summary>The model split into head and banded tail; null when its graph (norms fused) has no tail (<see cref="TailPlan.Cut"/>).</summary>
    /// <param name="name">The model's file name, for messages.</param>
    public static BandedTail? Open(ModelProto graph, string name, InferenceSettings settings)
    {
        if (TailPlan.Cut(graph) is not { } plan) return null;
        var sessions = new List<InferenceSession>();
        try
        {
            sessions.Add(SessionFactory.Open(plan.Head, $"{name} (head)", settings));
            var pieces = plan.Segments.Select(segment =>
            {
                var session = SessionFactory.Open(segment.Model, $"{name} (tail)", settings);
                sessions.Add(session);
                return new Piece(segment, session, session.InputMetadata.Keys.Single(), session.OutputMetadata.Keys.Single());
            }).ToArray();
            return new BandedTail(sessions[0], pieces, SessionFactory.Allocator(sessions[0], settings));
        }
        catch
        {
            foreach (var session in sessions) session.Dispose();
            throw;
        }
    }

    /// <summary>Runs the model on <paramref name="input"/>; the caller owns the output.</summary>
    public OrtValue Run(OrtValue input, RunOptions options, CancellationToken cancellation)
    {
        var headOutputs = _head.Run(options, [_headInput], [input], [_headOutput]);
        IDisposable? owner = headOutputs;
        try
        {
            var (current, storage) = (headOutputs[0], Storage.Float);
            foreach (var piece in _pieces)
            {
                var next = RunPiece(piece, current, storage, options, cancellation);
                owner.Dispose();
                (owner, current, storage) = (next, next, piece.Plan.Output);
            }
            owner = null;
            return current;
        }
        finally
        {
            owner?.Dispose();
        }
    }

    private OrtValue RunPiece(Piece piece, OrtValue input, Storage storage, RunOptions options, CancellationToken cancellation)
    {
        if (input.GetTensorTypeAndShape().Shape is not [1, var c, var h, var w])
            throw new ModelSignatureException("a generator's tail reads a [1, C, H, W] tensor");
        var (channels, height, width, plan) = ((int)c, (int)h, (int)w, piece.Plan);
        var cutter = new BandCutter(input, storage, plan.Norm, channels, height, width);
        var rows = BandRows(plan, height, width);
        OrtValue? output = null;
        try
        {
            for (var top = 0; top < height; top += rows)
            {
                cancellation.ThrowIfCancellationRequested();
                var bottom = Math.Min(height, top + rows);
                var (from, to) = (Math.Max(0, top - plan.Halo), Math.Min(height, bottom + plan.Halo));
                using var band = OrtValue.CreateAllocatedTensorValue(_allocator, TensorType(plan.Norm?.Output ?? Storage.Float), [1, channels, to - from, width]);
                cutter.Cut(from, to, band);
                using var results = piece.Session.Run(options, [piece.Input], [band], [piece.Output]);
                var result = results[0];
                var scale = plan.Scale;
                if (result.GetTensorTypeAndShape().Shape is not [1, var outChannels, var outRows, var outWidth]
                    || outRows != (to - from) * scale || outWidth != width * scale)
                    throw new ModelSignatureException($"a tail piece turned {to - from}×{width} rows into [{string.Join(",", result.GetTensorTypeAndShape().Shape)}], not {scale}× as many");
                output ??= OrtValue.CreateAllocatedTensorValue(_allocator, TensorType(plan.Output), [1, outChannels, height * scale, width * scale]);
                // The band's exact rows, channel by channel, into their place in the whole output.
                var rowBytes = width * scale * plan.Output.ElementSize;
                var source = result.GetTensorDataAsSpan<byte>();
                var target = output.GetTensorMutableRawData();
                for (var k = 0; k < outChannels; k++)
                    source.Slice((int)((k * outRows + (top - from) * scale) * rowBytes), (bottom - top) * scale * rowBytes)
                        .CopyTo(target.Slice((int)((k * (long)height * scale + top * scale) * rowBytes)));
            }
            return output!;
        }
        catch
        {
            output?.Dispose();
            throw;
        }
    }

    /// <summary>Input rows per band: the piece's widest tensor within <see cref="BandBytes"/>, the rows shared evenly among the bands.</summary>
    private static int BandRows(TailSegment plan, int height, int width)
    {
        var bytesPerRow = (long)plan.Channels * width * plan.Scale * plan.Scale * sizeof(float);
        var rows = (int)Math.Clamp(BandBytes / bytesPerRow, Math.Max(8, 2 * plan.Halo), height);
        var bands = (height + rows - 1) / rows;
        return (height + bands - 1) / bands;
    }

    private static TensorElementType TensorType(Storage storage) => storage.Type switch
    {
        ElementType.Float => TensorElementType.Float,
        ElementType.Uint8 => TensorElementType.UInt8,
        ElementType.Int8 => TensorElementType.Int8,
        _ => throw new NotSupportedException($"tail tensors are not kept as {storage.Type}"),
    };

    public void Dispose()
    {
        if (!ReferenceEquals(_allocator, OrtAllocator.DefaultInstance)) _allocator.Dispose();
        _head.Dispose();
        foreach (var piece in _pieces) piece.Session.Dispose();
    }

    /// <summary>
    /// Cuts bands of rows out of a piece's whole input, through the norm it takes first: the norm's mean
    /// and variance are the whole tensor's, found once; then each channel is one multiply-add and the
    /// LeakyReLU, or, for 8-bit storage, a table of what each of the 256 bytes becomes (a float, or the
    /// byte a quantized norm writes).
    /// </summary>
    private sealed class BandCutter
    {
        private readonly OrtValue _source;
        private readonly int _height;
        private readonly int _width;
        private readonly int _channels;
        private readonly float[]? _scale;
        private readonly float[]? _shift;
        private readonly float _alpha;
        private readonly float[][]? _floatTables;
        private readonly byte[][]? _byteTables;

        public BandCutter(OrtValue source, Storage storage, WholeNorm? norm, int channels, int height, int width)
        {
            (_source, _channels, _height, _width) = (source, channels, height, width);
            var eightBit = storage.Type != ElementType.Float;
            if (norm is null)
            {
                if (eightBit) throw new NotSupportedException("8-bit tail tensors are read through a norm");
                return;
            }
            if (norm.Scale.Length != channels || norm.Bias.Length != channels)
                throw new ModelSignatureException($"a tail norm has {norm.Scale.Length} scales for {channels} channels");
            if (!eightBit && norm.Output.Type != ElementType.Float) throw new NotSupportedException("a quantized norm reads 8-bit tensors");
            var (mean, variance) = eightBit ? Moments(source.GetTensorDataAsSpan<byte>(), storage) : Moments(source.GetTensorDataAsSpan<float>());
            // As the fused operators compute it (native/norm_ops): s = scale / sqrt(var + ε), y = x · s + (bias − mean · s).
            var inverse = (float)(1.0 / MathF.Sqrt((float)variance + norm.Epsilon));
            _scale = norm.Scale.Select(s => inverse * s).ToArray();
            _shift = norm.Bias.Select((b, k) => b - (float)mean * _scale[k]).ToArray();
            _alpha = norm.Alpha;
            if (!eightBit) return;
            var values = Enumerable.Range(0, 256).Select(raw => storage.Dequantize((byte)raw)).ToArray();
            var normalized = Enumerable.Range(0, channels).Select(k => values.Select(v => LeakyRelu(v * _scale[k] + _shift[k], _alpha)).ToArray()).ToArray();
            if (norm.Output.Type == ElementType.Float) _floatTables = normalized;
            else _byteTables = normalized.Select(table => table.Select(norm.Output.Quantize).ToArray()).ToArray();
        }

        /// <summary>Writes rows [<paramref name="from"/>, <paramref name="to"/>) of every channel into <paramref name="band"/> ([1, C, to − from, W]).</summary>
        public void Cut(int from, int to, OrtValue band)
        {
            var length = (to - from) * _width;
            for (var k = 0; k < _channels; k++)
            {
                var start = (int)(((long)k * _height + from) * _width);
                if (_byteTables is { } bytes)
                {
                    Lookup(_source.GetTensorDataAsSpan<byte>().Slice(start, length), band.GetTensorMutableDataAsSpan<byte>().Slice(k * length, length), bytes[k]);
                    continue;
                }
                var into = band.GetTensorMutableDataAsSpan<float>().Slice(k * length, length);
                if (_floatTables is { } floats)
                    Lookup(_source.GetTensorDataAsSpan<byte>().Slice(start, length), into, floats[k]);
                else if (_scale is null)
                    _source.GetTensorDataAsSpan<float>().Slice(start, length).CopyTo(into);
                else
                    Affine(_source.GetTensorDataAsSpan<float>().Slice(start, length), into, _scale[k], _shift![k], _alpha);
            }
        }

        private static void Lookup<T>(ReadOnlySpan<byte> from, Span<T> into, T[] table)
        {
            for (var i = 0; i < from.Length; i++) into[i] = table[from[i]];
        }

        private static float LeakyRelu(float value, float alpha) => value < 0 ? value * alpha : value;

        /// <summary>y = LeakyRelu(x · scale + shift, α), as the fused operator's last pass.</summary>
        private static void Affine(ReadOnlySpan<float> x, Span<float> y, float scale, float shift, float alpha)
        {
            var from = MemoryMarshal.Cast<float, Vector<float>>(x);
            var into = MemoryMarshal.Cast<float, Vector<float>>(y);
            for (var i = 0; i < from.Length; i++)
            {
                var v = from[i] * scale + new Vector<float>(shift);
                into[i] = Vector.ConditionalSelect(Vector.LessThan(v, Vector<float>.Zero), v * alpha, v);
            }
            for (var i = from.Length * Vector<float>.Count; i < x.Length; i++) y[i] = LeakyRelu(x[i] * scale + shift, alpha);
        }

        /// <summary>Mean and variance of floats: sums of blocks in float (vectorized), added up in double.</summary>
        private static (double Mean, double Variance) Moments(ReadOnlySpan<float> values)
        {
            const int Block = 4096;
            double sum = 0, squares = 0;
            for (var start = 0; start < values.Length; start += Block)
            {
                var block = values.Slice(start, Math.Min(Block, values.Length - start));
                sum += TensorPrimitives.Sum(block);
                squares += TensorPrimitives.SumOfSquares(block);
            }
            return Finish(sum, squares, values.Length);
        }

        /// <summary>Mean and variance of 8-bit values as their floats: from how often each of the 256 occurs.</summary>
        private static (double Mean, double Variance) Moments(ReadOnlySpan<byte> values, Storage storage)
        {
            var counts = new long[256];
            foreach (var value in values) counts[value]++;
            double sum = 0, squares = 0;
            for (var raw = 0; raw < 256; raw++)
            {
                double value = storage.Dequantize((byte)raw);
                sum += counts[raw] * value;
                squares += counts[raw] * value * value;
            }
            return Finish(sum, squares, values.Length);
        }

        private static (double, double) Finish(double sum, double squares, long count)
        {
            var mean = sum / count;
            return (mean, Math.Max(0, squares / count - mean * mean));
        }
    }
}
