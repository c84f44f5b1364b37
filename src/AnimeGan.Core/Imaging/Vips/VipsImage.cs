namespace AnimeGan.Imaging.Vips;

/// <summary>libvips band formats (VipsBandFormat).</summary>
internal enum VipsBandFormat
{
    UChar = 0, Char = 1, UShort = 2, Short = 3, UInt = 4, Int = 5, Float = 6, Complex = 7, Double = 8, DoubleComplex = 9,
}

/// <summary>
/// A libvips image: a lazy pipeline that computes pixels only when written out. Each method returns a
/// new image (the receiver is unchanged) and the caller disposes every image it receives.
/// </summary>
internal sealed unsafe class VipsImage : VipsObjectHandle
{
    internal VipsImage(nint handle) : base(handle) { }

    public int Width => VipsNative.vips_image_get_width(handle);
    public int Height => VipsNative.vips_image_get_height(handle);
    public int Bands => VipsNative.vips_image_get_bands(handle);
    public VipsBandFormat Format => (VipsBandFormat)VipsNative.vips_image_get_format(handle);
    public bool HasAlpha => VipsNative.vips_image_hasalpha(handle) != 0;
    /// <summary>The value of an opaque alpha in this image's interpretation: 255, 65535 or 1.</summary>
    public double MaxAlpha => VipsNative.vips_interpretation_max_alpha(VipsNative.vips_image_get_interpretation(handle));
    public bool HasIccProfile => VipsNative.vips_image_get_typeof(handle, "icc-profile-data") != 0;

    /// <summary>Copies interleaved 8-bit pixels into a new image.</summary>
    public static VipsImage FromPixels(PixelBuffer pixels)
    {
        VipsLibrary.EnsureStarted();
        nint image;
        fixed (byte* data = pixels.Data)
            image = VipsNative.vips_image_new_from_memory_copy(
                data, (nuint)pixels.Data.Length, pixels.Width, pixels.Height, pixels.Bands, (int)VipsBandFormat.UChar);
        return image == 0 ? throw VipsException.FromErrorBuffer("cannot wrap pixels") : new VipsImage(image);
    }

    /// <summary>Computes the pipeline and copies the 8-bit result into managed memory.</summary>
    public PixelBuffer ToPixels()
    {
        using var uchar = Format == VipsBandFormat.UChar ? null : Cast(VipsBandFormat.UChar);
        var source = uchar ?? this;
        var data = VipsNative.vips_image_write_to_memory(source.handle, out var size);
        if (data == 0) throw VipsException.FromErrorBuffer("decoding pixels failed");
        try
        {
            var pixels = new PixelBuffer(source.Width, source.Height, source.Bands);
            new ReadOnlySpan<byte>((void*)data, checked((int)size)).CopyTo(pixels.Data);
            return pixels;
        }
        finally
        {
            VipsNative.g_free(data);
        }
    }

    public int GetInt(string field, int fallback) =>
        VipsNative.vips_image_get_typeof(handle, field) != 0 && VipsNative.vips_image_get_int(handle, field, out var value) == 0
            ? value
            : fallback;

    public VipsImage Cast(VipsBandFormat format) => VipsOperation.Apply("cast", this, ("format", (int)format));

    public VipsImage Resize(double horizontalScale, double verticalScale) =>
        VipsOperation.Apply("resize", this, ("scale", horizontalScale), ("vscale", verticalScale), ("kernel", "lanczos3"));

    /// <summary>Box-filter reduction by a whole factor: each factor × factor block becomes its mean.</summary>
    public VipsImage Shrink(int factor) =>
        VipsOperation.Apply("shrink", this, ("hshrink", (double)factor), ("vshrink", (double)factor));

    public VipsImage Crop(int left, int top, int width, int height)
    {
        using var operation = VipsOperation.Create("extract_area").Set("input", this)
            .Set("left", left).Set("top", top).Set("width", width).Set("height", height);
        operation.Build();
        return operation.GetImage("out");
    }

    /// <summary>
    /// Gaussian blur into a float image; the kernel is cut where it falls below <paramref name="minAmplitude"/>
    /// of its peak. (The integer kernels libvips would use for 8-bit input leave flat areas up to 8 levels off.)
    /// </summary>
    public VipsImage GaussianBlur(double sigma, double minAmplitude) =>
        VipsOperation.Apply("gaussblur", this, ("sigma", sigma), ("min_ampl", minAmplitude), ("precision", "float"));

    public VipsImage ExtractBands(int first, int count) => VipsOperation.Apply("extract_band", this, ("band", first), ("n", count));

    public VipsImage Linear(double multiply, double add) =>
        VipsOperation.Apply("linear", this, ("a", new[] { multiply }), ("b", new[] { add }), ("uchar", true));

    public VipsImage AutoRotate() => VipsOperation.Apply("autorot", this);

    public VipsImage ToColourspace(string space) => VipsOperation.Apply("colourspace", this, ("space", space));

    /// <summary>Converts through the embedded ICC profile to 8-bit sRGB.</summary>
    public VipsImage IccToSrgb() =>
        VipsOperation.Apply("icc_transform", this, ("output_profile", "srgb"), ("embedded", true), ("depth", 8), ("intent", "relative"));

    /// <summary>Encodes with the saver libvips picks for <paramref name="suffix"/> (".jpg", ".png", ".webp", …).</summary>
    public byte[] Encode(string suffix, params ReadOnlySpan<(string Name, object Value)> options)
    {
        var saver = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(VipsNative.vips_foreign_find_save_buffer(suffix))
                    ?? throw VipsException.FromErrorBuffer($"libvips cannot save '{suffix}'");
        using var operation = VipsOperation.Create(saver).Set("in", this);
        foreach (var (name, value) in options) operation.Set(name, value);
        operation.Build();
        return operation.GetBlob("buffer");
    }
}
