using System.Runtime.InteropServices;

namespace AnimeGan.Imaging.Vips;

/// <summary>Owns one GObject reference; releasing the handle drops it.</summary>
internal abstract class VipsObjectHandle : SafeHandle
{
    protected VipsObjectHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        VipsNative.g_object_unref(handle);
        return true;
    }
}

/// <summary>A libvips interpolator (e.g. "bicubic") for geometric operations.</summary>
internal sealed class VipsInterpolator : VipsObjectHandle
{
    private VipsInterpolator(nint handle) : base(handle) { }

    public static VipsInterpolator Create(string nickname)
    {
        VipsLibrary.EnsureStarted();
        var handle = VipsNative.vips_interpolate_new(nickname);
        return handle == 0
            ? throw VipsException.FromErrorBuffer($"unknown interpolator '{nickname}'")
            : new VipsInterpolator(handle);
    }
}
