namespace AnimeGan.Quantization;

/// <summary>The range of values a tensor took during calibration.</summary>
public readonly record struct ActivationRange(float Min, float Max)
{
    public ActivationRange Union(ActivationRange other) => new(Math.Min(Min, other.Min), Math.Max(Max, other.Max));

    /// <summary>
    /// Asymmetric uint8 parameters covering this range. Zero is always representable exactly, as
    /// ONNX requires (padding and ReLU-like zeros must not shift).
    /// </summary>
    public (float Scale, byte ZeroPoint) ToUInt8()
    {
        var low = Math.Min(Min, 0f);
        var high = Math.Max(Max, 0f);
        var scale = (high - low) / 255f;
        if (scale <= 0 || !float.IsFinite(scale)) return (1f, 0);
        var zeroPoint = (byte)Math.Clamp(MathF.Round(-low / scale), 0f, 255f);
        return (scale, zeroPoint);
    }

    public override string ToString() => $"[{Min:G4}, {Max:G4}]";
}
