using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AnimeGan.Imaging.Vips;

/// <summary>A GLib GValue: a type tag and two words of payload (24 bytes on 64-bit).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GValue
{
    public nint GType;
    public long Data0;
    public long Data1;
}

/// <summary>
/// The slice of the libvips C API (and the GLib/GObject calls it needs) that we bind.
/// Only non-variadic entry points: operations are driven through GObject properties, as the
/// official language bindings do, so no call depends on the C varargs convention.
/// </summary>
internal static unsafe partial class VipsNative
{
    private const string Library = "vips";

    /// <summary>The file name of libvips in the NetVips.Native.linux-x64 package.</summary>
    internal const string LibraryFileName = "libvips.so.42";

#pragma warning disable CA2255 // a module initializer is the one place guaranteed to run before the first P/Invoke
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(VipsNative).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library) return 0;
        if (NativeLibrary.TryLoad(LibraryFileName, assembly, searchPath, out var handle)) return handle;
        throw new DllNotFoundException(
            $"libvips ({LibraryFileName}) was not found next to the application in {AppContext.BaseDirectory}. " +
            "It comes from the NuGet package NetVips.Native.linux-x64; rebuild with `dotnet build` to restore it.");
    }

    // --- library ---
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_init(string argv0);

    [LibraryImport(Library)]
    internal static partial int vips_version(int flag);

    [LibraryImport(Library)]
    internal static partial nint vips_error_buffer();

    [LibraryImport(Library)]
    internal static partial void vips_error_clear();

    [LibraryImport(Library)]
    internal static partial void vips_concurrency_set(int concurrency);

    [LibraryImport(Library)]
    internal static partial void vips_cache_set_max(int max);

    [LibraryImport(Library)]
    internal static partial void vips_block_untrusted_set([MarshalAs(UnmanagedType.I4)] bool state);

    [LibraryImport(Library)]
    internal static partial nuint vips_tracked_get_mem_highwater();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint g_log_set_handler(string domain, int levels, delegate* unmanaged<nint, int, nint, nint, void> handler, nint data);

    // --- GObject / GValue ---
    [LibraryImport(Library)]
    internal static partial void g_object_unref(nint obj);

    [LibraryImport(Library)]
    internal static partial nint g_object_ref(nint obj);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_object_set_property(nint obj, string name, ref GValue value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_object_get_property(nint obj, string name, ref GValue value);

    [LibraryImport(Library)]
    internal static partial nint g_value_init(ref GValue value, nint gtype);

    [LibraryImport(Library)]
    internal static partial void g_value_unset(ref GValue value);

    [LibraryImport(Library)]
    internal static partial void g_value_set_int(ref GValue value, int v);

    [LibraryImport(Library)]
    internal static partial void g_value_set_double(ref GValue value, double v);

    [LibraryImport(Library)]
    internal static partial void g_value_set_boolean(ref GValue value, int v);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_value_set_string(ref GValue value, string v);

    [LibraryImport(Library)]
    internal static partial void g_value_set_enum(ref GValue value, int v);

    [LibraryImport(Library)]
    internal static partial void g_value_set_flags(ref GValue value, uint v);

    [LibraryImport(Library)]
    internal static partial void g_value_set_object(ref GValue value, nint obj);

    [LibraryImport(Library)]
    internal static partial void g_value_set_boxed(ref GValue value, nint boxed);

    [LibraryImport(Library)]
    internal static partial nint g_value_dup_object(ref GValue value);

    [LibraryImport(Library)]
    internal static partial int g_value_get_int(ref GValue value);

    [LibraryImport(Library)]
    internal static partial double g_value_get_double(ref GValue value);

    [LibraryImport(Library)]
    internal static partial nint g_type_fundamental(nint gtype);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint g_type_from_name(string name);

    [LibraryImport(Library)]
    internal static partial void g_free(nint mem);

    // --- operations ---
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint vips_operation_new(string name);

    [LibraryImport(Library)]
    internal static partial int vips_cache_operation_buildp(ref nint operation);

    [LibraryImport(Library)]
    internal static partial void vips_object_unref_outputs(nint obj);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_object_get_argument(
        nint obj, string name, out nint pspec, out nint argumentClass, out nint argumentInstance);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_enum_from_nick(string domain, nint type, string nick);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_flags_from_nick(string domain, nint type, string nick);

    [LibraryImport(Library)]
    internal static partial nint vips_blob_copy(void* data, nuint length);

    [LibraryImport(Library)]
    internal static partial void vips_area_unref(nint area);

    [LibraryImport(Library)]
    internal static partial nint vips_value_get_blob(ref GValue value, out nuint length);

    [LibraryImport(Library)]
    internal static partial void vips_value_set_array_double(ref GValue value, double* array, int n);

    [LibraryImport(Library)]
    internal static partial void vips_value_set_array_int(ref GValue value, int* array, int n);

    [LibraryImport(Library)]
    internal static partial nint vips_array_double_get_type();

    [LibraryImport(Library)]
    internal static partial nint vips_array_int_get_type();

    [LibraryImport(Library)]
    internal static partial nint vips_blob_get_type();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint vips_interpolate_new(string nickname);

    // --- images ---
    [LibraryImport(Library)]
    internal static partial nint vips_image_new_from_memory_copy(void* data, nuint size, int width, int height, int bands, int format);

    [LibraryImport(Library)]
    internal static partial nint vips_image_write_to_memory(nint image, out nuint size);

    [LibraryImport(Library)]
    internal static partial int vips_image_get_width(nint image);

    [LibraryImport(Library)]
    internal static partial int vips_image_get_height(nint image);

    [LibraryImport(Library)]
    internal static partial int vips_image_get_bands(nint image);

    [LibraryImport(Library)]
    internal static partial int vips_image_get_format(nint image);

    [LibraryImport(Library)]
    internal static partial int vips_image_get_interpretation(nint image);

    [LibraryImport(Library)]
    internal static partial int vips_image_hasalpha(nint image);

    [LibraryImport(Library)]
    internal static partial double vips_interpretation_max_alpha(int interpretation);

    [LibraryImport(Library)]
    internal static partial int vips_image_get_n_pages(nint image);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint vips_image_get_typeof(nint image, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_get_int(nint image, string name, out int value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void vips_image_set_int(nint image, string name, int value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint vips_foreign_find_load(string filename);

    [LibraryImport(Library)]
    internal static partial nint vips_nickname_find(nint type);

    [LibraryImport(Library)]
    internal static partial nint vips_foreign_find_load_buffer(void* data, nuint size);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint vips_foreign_find_save_buffer(string suffix);
}
