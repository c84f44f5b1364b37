using AnimeGan.Imaging;
using AnimeGan.Inference;
using Microsoft.ML.OnnxRuntime;

namespace AnimeGan.Faces;

/// <summary>
/// A face model (detector or landmarker) on its ONNX Runtime session: one fixed-size RGB input, named
/// outputs. Built once, reused for every face (Run is thread-safe), disposed by its owner.
/// </summary>
internal sealed class FaceModelSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public FaceModelSession(string modelPath, InferenceSettings settings, int width, int height, params string[] outputs)
    {
        _session = SessionFactory.Open(modelPath, settings);
        var name = Path.GetFileName(modelPath);
        try
        {
            if (_session.InputMetadata.Count != 1)
                throw new ModelSignatureException($"{name}: a face model has one input, this one has {_session.InputMetadata.Count}");
            var (inputName, input) = _session.InputMetadata.First();
            if (!input.Dimensions.SequenceEqual([1, 3, height, width]))
                throw new ModelSignatureException($"{name}: expected an input of [1,3,{height},{width}], found [{string.Join(",", input.Dimensions)}]");
            var missing = outputs.Where(o => !_session.OutputMetadata.ContainsKey(o)).ToList();
            if (missing.Count > 0) throw new ModelSignatureException($"{name}: the outputs {string.Join(", ", missing)} are missing");
            _inputNames = [inputName];
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        _outputNames = outputs;
        Width = width;
        Height = height;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>
    /// Runs the model on <paramref name="rgb"/>, each channel value mapped to x·scale + offset. An image
    /// smaller than the input sits in its top-left corner and the rest of the input is 0 (the padding).
    /// Returns the outputs in the order named at construction.
    /// </summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(PixelBuffer rgb, float scale, float offset)
    {
        if (rgb.Bands != 3 || rgb.Width > Width || rgb.Height > Height)
            throw new ArgumentException($"{rgb} does not fit the {Width}x{Height} RGB input");
        var plane = Width * Height;
        var tensor = new float[3 * plane];
        for (var y = 0; y < rgb.Height; y++)
        {
            ReadOnlySpan<byte> row = rgb.Row(y);
            var r = tensor.AsSpan(y * Width, rgb.Width);
            var g = tensor.AsSpan(plane + y * Width, rgb.Width);
            var b = tensor.AsSpan(2 * plane + y * Width, rgb.Width);
            for (int x = 0, p = 0; x < rgb.Width; x++, p += 3)
            {
                r[x] = row[p] * scale + offset;
                g[x] = row[p + 1] * scale + offset;
                b[x] = row[p + 2] * scale + offset;
            }
        }
        using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, Height, Width]);
        return _session.Run(_runOptions, _inputNames, [input], _outputNames);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
