using System.ComponentModel;
using System.Diagnostics;

namespace AnimeGan.Tests.Imaging;

/// <summary>
/// HEIF files made for the tests by libheif's own encoder, heif-enc (Debian package libheif-examples): HEIC with
/// x265, as a phone writes it, and AVIF with aom. No binary test file is committed, and the libvips in use cannot
/// make a HEIC itself (its heifsave has no HEVC encoder).
/// </summary>
public sealed class HeifEncoder : TemporaryFolder
{
    private const string Tool = "heif-enc";

    public HeifEncoder()
    {
        // Fail, never skip: without the tool the HEIC support would go untested.
        if (!Run("--list-encoders").Contains("x265", StringComparison.Ordinal))
            throw new InvalidOperationException($"{Tool} has no x265 (HEVC) encoder, so it cannot make the HEIC test files");
    }

    /// <summary>Encodes a PNG or JPEG file as HEIC (HEVC); returns the new file's path.</summary>
    public string Heic(string source, int quality = 90) => Encode(source, ".heic", quality);

    /// <summary>Encodes a PNG or JPEG file as AVIF (AV1); returns the new file's path.</summary>
    public string Avif(string source, int quality = 90) => Encode(source, ".avif", quality, "--avif");

    /// <summary>A file in the test's temporary folder, for sources made by the test.</summary>
    public string PathFor(string name) => Path.Combine(Folder, name);

    private string Encode(string source, string suffix, int quality, params string[] options)
    {
        var output = PathFor($"{Path.GetFileNameWithoutExtension(source)}-q{quality}{string.Concat(options)}{suffix}");
        if (!File.Exists(output)) Run([.. options, "-q", quality.ToString(), "-o", output, source]);
        return output;
    }

    private static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"{Tool} was not found: the HEIC tests make their files with it. Install Debian's libheif-examples " +
                "(`apt-get install libheif-examples`; .ci/run does).", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{Tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}{stdout}");
            return stdout;
        }
    }
}
