using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AnimeGan.Imaging.Vips;

/// <summary>Starts libvips once per process with the settings a server that reads untrusted files needs.</summary>
internal static unsafe class VipsLibrary
{
    private const int GLogLevelWarning = 1 << 4;

    private static readonly Lazy<string> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>libvips version, e.g. "8.18.7"; starts the library on first use.</summary>
    public static string Version => Started.Value;

    public static void EnsureStarted() => _ = Started.Value;

    private static string Start()
    {
        if (VipsNative.vips_init("animegan") != 0)
            throw VipsException.FromErrorBuffer("libvips failed to start");
        // Results are never requested twice with the same arguments, so the operation cache would only
        // hold decoded images in memory between requests.
        VipsNative.vips_cache_set_max(0);
        // Loaders that libvips marks as unfit for untrusted input (e.g. via ImageMagick) stay off.
        VipsNative.vips_block_untrusted_set(true);
        // Loader warnings ("IEND: out of place") would be printed straight to stderr by GLib. Failures that
        // matter reach us through the error buffer, since loaders run with fail_on=truncated.
        VipsNative.g_log_set_handler("VIPS", GLogLevelWarning, &IgnoreWarning, 0);
        return $"{VipsNative.vips_version(0)}.{VipsNative.vips_version(1)}.{VipsNative.vips_version(2)}";
    }

    [UnmanagedCallersOnly]
    private static void IgnoreWarning(nint domain, int level, nint message, nint data) { }

    /// <summary>Reads and clears libvips' error buffer.</summary>
    internal static string TakeErrorMessage()
    {
        var text = Marshal.PtrToStringUTF8(VipsNative.vips_error_buffer()) ?? "";
        VipsNative.vips_error_clear();
        return text.Trim();
    }
}
