namespace AnimeGan.Faces;

/// <summary>
/// Face protection (face2paint): every face found is aligned, stylized on its own at 512 px and blended
/// back. Plain values, so a command line, a form or a JSON body can set them.
/// </summary>
public sealed record FaceSettings
{
    public const int DefaultMinSize = 40;
    public const int MinMinSize = 8;
    public const int MaxMinSize = 4096;
    public const float DefaultThreshold = 0.7f;

    public bool Enabled { get; init; } = true;

    /// <summary>The generator faces are painted with; null paints them with the style of the whole picture.</summary>
    public string? Style { get; init; }

    /// <summary>Faces whose box is shorter than this on its longer side, in pixels of the working image, are left as they are.</summary>
    public int MinSize { get; init; } = DefaultMinSize;

    /// <summary>Detector confidence (0–1) a face needs.</summary>
    public float Threshold { get; init; } = DefaultThreshold;

    /// <summary>Also draw what was found (boxes, landmarks, masks) into a side image.</summary>
    public bool Debug { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        if (MinSize is < MinMinSize or > MaxMinSize)
            throw new ArgumentOutOfRangeException(nameof(MinSize), MinSize, $"the minimum face size must be {MinMinSize} to {MaxMinSize} pixels");
        if (!(Threshold is > 0f and < 1f))
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "the face threshold must be above 0 and below 1");
        if (Style is not null && string.IsNullOrWhiteSpace(Style))
            throw new ArgumentException("the face style must be a style name (or left out to use the picture's style)", nameof(Style));
    }
}
