using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using AnimeGan.Imaging;

namespace AnimeGan.Looks;

/// <summary>
/// A file a look reads — a .cube LUT, a colour reference picture — read once into what the look uses
/// (<typeparamref name="T"/>) and carried by the settings, so nothing reads it again and nothing
/// keeps it after the settings are gone. <see cref="Name"/> is for people (logs, descriptions);
/// <see cref="Sha256"/> of the bytes it was read from tells two files apart (a server's result cache).
/// </summary>
[JsonConverter(typeof(LookFileNameJsonConverter))]
public sealed record LookFile<T>(string Name, T Content, string Sha256) where T : class;

/// <summary>
/// A look file in JSON is its name: what it holds is not text. Reading one needs to know where files
/// are (a preset file's folder), which only a preset file's reader does (<see cref="PresetCatalog"/>).
/// </summary>
internal sealed class LookFileNameJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(LookFile<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(NameOnly<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class NameOnly<T> : JsonConverter<LookFile<T>> where T : class
    {
        public override LookFile<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("look files are read from preset files only");

        public override void Write(Utf8JsonWriter writer, LookFile<T> value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
    }
}

/// <summary>How each kind of look file is read: from a path (CLI, preset files) or from uploaded bytes (the API).</summary>
public static class LookFiles
{
    /// <summary>Only a 512 px view of a colour reference is used: plenty for a histogram.</summary>
    private const int ReferenceSide = 512;

    /// <summary>A .cube LUT; <see cref="LutFormatException"/> names the line that cannot be read.</summary>
    public static LookFile<Lut3D> Lut(string name, ReadOnlyMemory<byte> bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes.ToArray()));
        return new LookFile<Lut3D>(name, CubeFile.Read(reader, name), Convert.ToHexStringLower(SHA256.HashData(bytes.Span)));
    }

    /// <summary>The L*a*b* distribution of a reference picture; <see cref="ImageRejectedException"/> when it is no usable image.</summary>
    public static LookFile<LabHistograms> ColourReference(string name, ReadOnlyMemory<byte> bytes, ImageCodec codec)
    {
        using var image = codec.Decode(bytes.Span);
        var scale = Math.Min(1.0, (double)ReferenceSide / Math.Max(image.Width, image.Height));
        var (width, height) = (Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
        return new LookFile<LabHistograms>(name, LabHistograms.Of(image.ReadColour(width, height)), Convert.ToHexStringLower(SHA256.HashData(bytes.Span)));
    }
}
