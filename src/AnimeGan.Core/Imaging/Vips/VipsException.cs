namespace AnimeGan.Imaging.Vips;

/// <summary>A libvips failure, carrying libvips' own message.</summary>
public sealed class VipsException : Exception
{
    public VipsException(string message) : base(message) { }

    internal static VipsException FromErrorBuffer(string context)
    {
        var detail = VipsLibrary.TakeErrorMessage();
        return new VipsException(detail.Length == 0 ? context : $"{context}: {detail}");
    }
}
