namespace AnimeGan.Faces;

/// <summary>
/// Face protection (face2paint): every face found is aligned, stylized on its own (by its size, and a crowd's by a shared budget) and blended
/// back. Plain values, so a command line, a form or a JSON body can set them; their names, ranges and
/// help are defined once, in <see cref="Options.ConversionOptions"/>.
/// </summary>
public sealed record FaceSettings
{
    public bool Enabled { get; init; } = true;

    /// <summary>The generator faces are painted with; null paints them with the style of the whole picture.</summary>
    public string? Style { get; init; }

    /// <summary>Faces whose box is shorter than this on its longer side, in pixels of the working image, are left as they are.</summary>
    public int MinSize { get; init; } = 40;

    /// <summary>Detector confidence (0–1) a face needs.</summary>
    public float Threshold { get; init; } = 0.7f;

    /// <summary>A crowd's faces share a budget of the picture's pixels (<see cref="FaceAligner.ForPicture"/>); off, each face gets its own crop.</summary>
    public bool Budget { get; init; } = true;

    /// <summary>Also draw what was found (boxes, landmarks, masks) into a side image.</summary>
    public bool Debug { get; init; }
}
