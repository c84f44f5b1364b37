using System.Runtime.InteropServices;

namespace AnimeGan.Imaging.Vips;

/// <summary>
/// One libvips operation call: create it by name, set its arguments as GObject properties, build it,
/// read its outputs. Argument types are looked up from the operation's own introspection data, so
/// enums can be given by nickname ("lanczos3") exactly as in the libvips documentation.
/// </summary>
internal sealed unsafe class VipsOperation : IDisposable
{
    // GParamSpec: { GTypeInstance; const char* name; GParamFlags flags; GType value_type; ... }
    private const int ParamSpecValueTypeOffset = 24;
    private static readonly nint TypeBoolean = 5 << 2, TypeInt = 6 << 2, TypeEnum = 12 << 2, TypeFlags = 13 << 2,
        TypeDouble = 15 << 2, TypeString = 16 << 2, TypeObject = 20 << 2;

    private nint _operation;
    private readonly string _name;
    private bool _built;

    private VipsOperation(nint operation, string name)
    {
        _operation = operation;
        _name = name;
    }

    public static VipsOperation Create(string name)
    {
        VipsLibrary.EnsureStarted();
        var operation = VipsNative.vips_operation_new(name);
        return operation == 0
            ? throw VipsException.FromErrorBuffer($"libvips has no operation '{name}'")
            : new VipsOperation(operation, name);
    }

    /// <summary>Runs operation <paramref name="name"/> on <paramref name="input"/> and returns its "out" image.</summary>
    public static VipsImage Apply(string name, VipsImage input, params ReadOnlySpan<(string Name, object Value)> options)
    {
        using var operation = Create(name).Set("in", input);
        foreach (var (option, value) in options) operation.Set(option, value);
        operation.Build();
        return operation.GetImage("out");
    }

    public VipsOperation Set(string name, object value)
    {
        var type = ArgumentType(name);
        var gvalue = default(GValue);
        VipsNative.g_value_init(ref gvalue, type);
        try
        {
            Assign(ref gvalue, type, name, value);
            VipsNative.g_object_set_property(_operation, name, ref gvalue);
        }
        finally
        {
            VipsNative.g_value_unset(ref gvalue);
        }
        return this;
    }

    /// <summary>Sets a binary input (e.g. the "buffer" of a *load_buffer operation); libvips keeps its own copy.</summary>
    public VipsOperation SetBlob(string name, ReadOnlySpan<byte> bytes)
    {
        nint blob;
        fixed (byte* data = bytes) blob = VipsNative.vips_blob_copy(data, (nuint)bytes.Length);
        var gvalue = default(GValue);
        VipsNative.g_value_init(ref gvalue, VipsNative.vips_blob_get_type());
        try
        {
            VipsNative.g_value_set_boxed(ref gvalue, blob);
            VipsNative.g_object_set_property(_operation, name, ref gvalue);
        }
        finally
        {
            VipsNative.g_value_unset(ref gvalue);
            VipsNative.vips_area_unref(blob);
        }
        return this;
    }

    public void Build()
    {
        if (VipsNative.vips_cache_operation_buildp(ref _operation) != 0)
            throw VipsException.FromErrorBuffer($"{_name} failed");
        _built = true;
    }

    public VipsImage GetImage(string name)
    {
        var gvalue = ReadOutput(name);
        try
        {
            return new VipsImage(VipsNative.g_value_dup_object(ref gvalue));
        }
        finally
        {
            VipsNative.g_value_unset(ref gvalue);
        }
    }

    public byte[] GetBlob(string name)
    {
        var gvalue = ReadOutput(name);
        try
        {
            var data = VipsNative.vips_value_get_blob(ref gvalue, out var length);
            return new ReadOnlySpan<byte>((void*)data, checked((int)length)).ToArray();
        }
        finally
        {
            VipsNative.g_value_unset(ref gvalue);
        }
    }

    public double GetDouble(string name)
    {
        var gvalue = ReadOutput(name);
        try
        {
            return VipsNative.g_value_get_double(ref gvalue);
        }
        finally
        {
            VipsNative.g_value_unset(ref gvalue);
        }
    }

    private GValue ReadOutput(string name)
    {
        if (!_built) throw new InvalidOperationException($"{_name}: outputs are read after Build()");
        var gvalue = default(GValue);
        VipsNative.g_value_init(ref gvalue, ArgumentType(name));
        VipsNative.g_object_get_property(_operation, name, ref gvalue);
        return gvalue;
    }

    private nint ArgumentType(string name)
    {
        if (VipsNative.vips_object_get_argument(_operation, name, out var pspec, out _, out _) != 0)
            throw VipsException.FromErrorBuffer($"{_name} has no argument '{name}'");
        return Marshal.ReadIntPtr(pspec, ParamSpecValueTypeOffset);
    }

    private void Assign(ref GValue gvalue, nint type, string name, object value)
    {
        var fundamental = VipsNative.g_type_fundamental(type);
        switch (value)
        {
            case VipsObjectHandle obj when fundamental == TypeObject:
                VipsNative.g_value_set_object(ref gvalue, obj.DangerousGetHandle());
                GC.KeepAlive(obj);
                break;
            case bool flag when fundamental == TypeBoolean:
                VipsNative.g_value_set_boolean(ref gvalue, flag ? 1 : 0);
                break;
            case int number when fundamental == TypeInt:
                VipsNative.g_value_set_int(ref gvalue, number);
                break;
            case int number when fundamental == TypeEnum:
                VipsNative.g_value_set_enum(ref gvalue, number);
                break;
            case double or int when fundamental == TypeDouble:
                VipsNative.g_value_set_double(ref gvalue, Convert.ToDouble(value));
                break;
            case string text when fundamental == TypeString:
                VipsNative.g_value_set_string(ref gvalue, text);
                break;
            case string nick when fundamental == TypeEnum:
                var enumValue = VipsNative.vips_enum_from_nick(_name, type, nick);
                if (enumValue < 0) throw VipsException.FromErrorBuffer($"{_name}: bad value for '{name}'");
                VipsNative.g_value_set_enum(ref gvalue, enumValue);
                break;
            case string nicks when fundamental == TypeFlags:
                var flags = VipsNative.vips_flags_from_nick(_name, type, nicks);
                if (flags < 0) throw VipsException.FromErrorBuffer($"{_name}: bad value for '{name}'");
                VipsNative.g_value_set_flags(ref gvalue, (uint)flags);
                break;
            case double[] numbers when type == VipsNative.vips_array_double_get_type():
                fixed (double* p = numbers) VipsNative.vips_value_set_array_double(ref gvalue, p, numbers.Length);
                break;
            case int[] numbers when type == VipsNative.vips_array_int_get_type():
                fixed (int* p = numbers) VipsNative.vips_value_set_array_int(ref gvalue, p, numbers.Length);
                break;
            default:
                throw new ArgumentException($"{_name}: cannot pass a {value.GetType().Name} as '{name}'");
        }
    }

    public void Dispose()
    {
        if (_operation == 0) return;
        // Outputs were read with their own references; drop the ones the operation still holds.
        VipsNative.vips_object_unref_outputs(_operation);
        VipsNative.g_object_unref(_operation);
        _operation = 0;
    }
}
