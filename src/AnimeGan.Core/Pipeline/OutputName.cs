namespace AnimeGan.Pipeline;

/// <summary>
/// The one naming rule for results, on every surface: the CLI's files beside the photo, the API's
/// downloads and the page's. The photo's name gets a tag that says what painted it, "beach_shinkai-grade.jpg".
/// </summary>
public static class OutputName
{
    /// <summary>
    /// The tag: the style when one was asked for by name, else the preset's name (a preset names the
    /// look as well as the style), else the style that was used (a default).
    /// </summary>
    public static string Tag(string? styleAsked, string? preset, string style) => styleAsked ?? preset ?? style;

    /// <summary>A name with the tag added: "beach" → "beach_hayao" (a photo's stem, or the CLI's folder of results).</summary>
    public static string Tagged(string name, string tag) => $"{name}_{tag}";

    /// <summary>The result's file name: "beach.png", tag "hayao", extension ".jpg" → "beach_hayao.jpg".</summary>
    public static string For(string fileName, string tag, string extension) =>
        Tagged(Path.GetFileNameWithoutExtension(fileName), tag) + extension;
}
