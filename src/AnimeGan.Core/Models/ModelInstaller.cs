using System.Text.RegularExpressions;
using AnimeGan.Imaging;
using AnimeGan.Inference;

namespace AnimeGan.Models;

/// <summary>
/// `animegan models add`: checks that a file is a model we can run, then copies it into the install
/// directory. A file whose checksum matches a registered model is installed under that model's file
/// name; any other file must be a style generator (an image model that keeps the size, values in
/// −1..1, NCHW or NHWC) and becomes a user style, its contract found by <see cref="ContractProbe"/>.
/// </summary>
public static partial class ModelInstaller
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,39}$")]
    private static partial Regex StyleName();

    public static (ModelEntry Entry, string InstalledPath) Add(ModelDirectories directories, string file, string? name, int? sizeMultiple = null)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"no such file: {file}", file);
        var sha256 = ModelStore.Sha256Of(file);
        var registry = ModelRegistry.Load(directories);
        var registered = registry.FindBySha256(sha256);

        ModelEntry entry;
        if (registered is not null && (name is null || string.Equals(name, registered.Name, StringComparison.OrdinalIgnoreCase)))
        {
            entry = registered;
            if (entry.Kind is ModelKind.Generator or ModelKind.Upscaler) CheckRuns(file, entry.Contract);
        }
        else
        {
            name ??= DefaultName(file);
            if (!StyleName().IsMatch(name))
                throw new ArgumentException($"'{name}' is not a usable style name: use 1-40 lower-case letters, digits, '-' or '_'");
            var existing = registry.Find(name);
            if (existing is { UserAdded: false })
                throw new ArgumentException($"'{name}' is a built-in model and this file is not it (sha256 {sha256}); choose another --name");
            var contract = ProbeGenerator(file, sizeMultiple);
            entry = new ModelEntry
            {
                Name = name,
                Kind = ModelKind.Generator,
                File = name + ".onnx",
                Sha256 = sha256,
                Contract = contract,
                Description = $"added from {Path.GetFileName(file)}",
                Licence = "user-supplied: check the licence of these weights",
                Source = Path.GetFullPath(file),
                UserAdded = true,
            };
        }

        var target = directories.InstallDirectory.Path;
        Directory.CreateDirectory(target);
        var installed = Path.Combine(target, entry.File);
        if (!string.Equals(Path.GetFullPath(file), installed, StringComparison.Ordinal))
        {
            var temporary = installed + ".partial";
            File.Copy(file, temporary, overwrite: true);
            File.Move(temporary, installed, overwrite: true);
        }
        if (entry.UserAdded)
        {
            var others = ModelRegistry.ReadUserEntries(target).Where(e => !string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase));
            ModelRegistry.WriteUserEntries(target, others.Append(entry).OrderBy(e => e.Name));
        }
        return (entry, installed);
    }

    /// <summary>The contract of a file that is to become a style; refused when it enlarges (an upscaler is no style).</summary>
    private static ModelContract ProbeGenerator(string file, int? sizeMultiple)
    {
        var contract = ContractProbe.Probe(file, ModelContract.Generator, sizeMultiple);
        if (contract.Scale != 1)
            throw new ModelSignatureException($"{Path.GetFileName(file)} enlarges the picture {contract.Scale}x: it is an upscaler, not a style");
        return contract;
    }

    /// <summary>Runs a registered model once on a small image of its own multiple: the signature and the output size must hold.</summary>
    private static void CheckRuns(string file, ModelContract contract)
    {
        using var model = new ImageModel(file, contract, InferenceSettings.Default with { Threads = 1 });
        var side = Math.Max(64, contract.SizeMultiple);
        var probe = new PixelBuffer(side, side, 3);
        Array.Fill(probe.Data, (byte)128);
        model.Run(probe);
    }

    /// <summary>"animeganv2_shinkai.onnx" → "shinkai".</summary>
    private static string DefaultName(string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file).ToLowerInvariant();
        foreach (var prefix in new[] { "animeganv2_", "animeganv2-", "animegan2_", "animegan_" })
            if (stem.StartsWith(prefix, StringComparison.Ordinal) && stem.Length > prefix.Length) stem = stem[prefix.Length..];
        return Regex.Replace(stem, "[^a-z0-9_-]", "-");
    }
}
