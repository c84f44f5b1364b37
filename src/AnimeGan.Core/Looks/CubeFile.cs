using System.Globalization;
using System.Numerics;

namespace AnimeGan.Looks;

/// <summary>A .cube file that cannot be read as a 3-D LUT; the message names the file and the line.</summary>
public sealed class LutFormatException(string file, int line, string problem)
    : FormatException(line > 0 ? $"{file} line {line}: {problem}" : $"{file}: {problem}")
{
    public int Line { get; } = line;
}

/// <summary>
/// Reads Adobe / DaVinci Resolve .cube 3-D LUTs: TITLE, LUT_3D_SIZE (2–65), DOMAIN_MIN/DOMAIN_MAX or
/// Resolve's LUT_3D_INPUT_RANGE, '#' comments, then size³ lines of "R G B" with red varying fastest.
/// Keywords this reader does not know are skipped when they come before the data (vendors add their
/// own); anything else that does not fit is an error naming its line.
/// </summary>
public static class CubeFile
{
    private const long MaxFileBytes = 64L << 20;

    public static Lut3D Load(string path)
    {
        var name = Path.GetFileName(path);
        if (new FileInfo(path).Length > MaxFileBytes)
            throw new LutFormatException(name, 0, $"the file is over {MaxFileBytes >> 20} MB, too large for a .cube LUT");
        using var reader = new StreamReader(path);
        return Read(reader, name);
    }

    public static Lut3D Read(TextReader reader, string name)
    {
        int? size = null;
        var domainMin = Vector3.Zero;
        var domainMax = Vector3.One;
        float[]? values = null;
        var count = 0;
        var lineNumber = 0;
        var domainLine = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Span<float> numbers = stackalloc float[3];

        LutFormatException Error(string problem) => new(name, lineNumber, problem);

        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.AsSpan();
            var comment = line.IndexOf('#');
            if (comment >= 0) line = line[..comment];
            line = line.Trim();
            if (line.IsEmpty) continue;

            if (IsKeyword(line))
            {
                var keyword = Token(ref line).ToString();
                if (values is not null && count > 0) throw Error($"{keyword} after the table data started");
                if (!seen.Add(keyword) && keyword != "TITLE") throw Error($"{keyword} appears twice");
                switch (keyword)
                {
                    case "TITLE":
                        break;
                    case "LUT_3D_SIZE":
                        if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                            throw Error($"LUT_3D_SIZE needs a whole number, not '{Quote(line)}'");
                        if (parsed is < Lut3D.MinSize or > Lut3D.MaxSize)
                            throw Error($"LUT_3D_SIZE {parsed} is outside {Lut3D.MinSize}–{Lut3D.MaxSize}");
                        size = parsed;
                        values = new float[parsed * parsed * parsed * 3];
                        break;
                    case "LUT_1D_SIZE":
                        throw Error("this is a 1-D LUT (LUT_1D_SIZE); only 3-D LUTs are supported");
                    case "DOMAIN_MIN":
                        domainMin = Triple(line, numbers, keyword, Error);
                        break;
                    case "DOMAIN_MAX":
                        domainMax = Triple(line, numbers, keyword, Error);
                        break;
                    case "LUT_3D_INPUT_RANGE":
                        if (!TryNumbers(line, numbers[..2])) throw Error("LUT_3D_INPUT_RANGE needs two numbers: minimum and maximum");
                        domainMin = new Vector3(numbers[0]);
                        domainMax = new Vector3(numbers[1]);
                        break;
                }
                if (keyword is "DOMAIN_MIN" or "DOMAIN_MAX" or "LUT_3D_INPUT_RANGE") domainLine = lineNumber;
                continue;
            }

            if (values is null) throw Error("table data before LUT_3D_SIZE (or not three numbers)");
            if (!TryNumbers(line, numbers)) throw Error($"expected three numbers \"R G B\", found '{Quote(line)}'");
            if (count == values.Length / 3) throw Error($"more than {size}³ = {values.Length / 3} table entries");
            numbers.CopyTo(values.AsSpan(count * 3));
            count++;
        }

        if (values is null) throw new LutFormatException(name, 0, lineNumber == 0 ? "the file is empty" : "no LUT_3D_SIZE line: not a 3-D .cube LUT");
        if (count < values.Length / 3)
            throw new LutFormatException(name, lineNumber, $"the table ends after {count} of {size}³ = {values.Length / 3} entries");
        if (!(domainMin.X < domainMax.X && domainMin.Y < domainMax.Y && domainMin.Z < domainMax.Z))
            throw new LutFormatException(name, domainLine, "the domain minimum must be below the maximum in every channel");
        return new Lut3D(size!.Value, values, domainMin, domainMax);
    }

    /// <summary>A line quoted in a message, cut short: a file can hold a megabyte on one line.</summary>
    private static string Quote(ReadOnlySpan<char> line) => line.Length <= 60 ? line.ToString() : $"{line[..60]}…";

    /// <summary>Keywords are upper-case words ("LUT_3D_SIZE"); anything else is a table line.</summary>
    private static bool IsKeyword(ReadOnlySpan<char> line)
    {
        var end = line.IndexOfAny(' ', '\t');
        var word = end < 0 ? line : line[..end];
        return char.IsAsciiLetterUpper(word[0]) && !word.ContainsAnyExcept(KeywordCharacters);
    }

    private static readonly System.Buffers.SearchValues<char> KeywordCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private static Vector3 Triple(ReadOnlySpan<char> line, Span<float> numbers, string keyword, Func<string, LutFormatException> error) =>
        TryNumbers(line, numbers) ? new Vector3(numbers[0], numbers[1], numbers[2]) : throw error($"{keyword} needs three numbers");

    /// <summary>Exactly numbers.Length finite numbers separated by spaces or tabs.</summary>
    private static bool TryNumbers(ReadOnlySpan<char> line, Span<float> numbers)
    {
        for (var i = 0; i < numbers.Length; i++)
        {
            var token = Token(ref line);
            if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !float.IsFinite(numbers[i]))
                return false;
        }
        return line.IsEmpty;
    }

    private static ReadOnlySpan<char> Token(ref ReadOnlySpan<char> line)
    {
        line = line.TrimStart();
        var end = line.IndexOfAny(' ', '\t');
        var token = end < 0 ? line : line[..end];
        line = end < 0 ? [] : line[end..].TrimStart();
        return token;
    }
}
