namespace AnimeGan.Server.Api;

/// <summary>Text a client sent, made safe to echo back in messages and headers. None of it ever becomes a path.</summary>
internal static class ClientText
{
    private const int MaxEcho = 40;
    private const int MaxFileName = 120;

    /// <summary>A value quoted in an error message, cut short.</summary>
    public static string Clip(string text) => text.Length <= MaxEcho ? text : text[..MaxEcho] + "…";

    /// <summary>The last segment of an uploaded file's name, without control characters; for display and download names only.</summary>
    public static string FileName(string? raw, string fallback)
    {
        var name = (raw ?? "").Split('/', '\\').Last();
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > MaxFileName) name = name[..MaxFileName];
        return name.Length == 0 || name is "." or ".." ? fallback : name;
    }
}
