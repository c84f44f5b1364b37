using System.Runtime.InteropServices;
using AnimeGan.Imaging;
using AnimeGan.Inference;

namespace AnimeGan.Benchmarking;

/// <summary>What a benchmark ran on, so figures from different machines are never compared blindly.</summary>
public sealed record MachineInfo(string Cpu, int Cores, IReadOnlyList<string> VectorExtensions, string Os, string DotNet, string OnnxRuntime, string Libvips)
{
    private static readonly string[] Interesting = ["avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8"];

    public static MachineInfo Current()
    {
        var (cpu, flags) = ReadCpuInfo();
        return new MachineInfo(cpu, Environment.ProcessorCount, Interesting.Where(flags.Contains).ToList(),
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, SessionFactory.RuntimeVersion, ImageCodec.LibraryVersion);
    }

    public override string ToString() =>
        $"{Cpu}, {Cores} cores ({string.Join(" ", VectorExtensions)}), {Os}, {DotNet}, ONNX Runtime {OnnxRuntime}, libvips {Libvips}";

    private static (string Model, HashSet<string> Flags) ReadCpuInfo()
    {
        try
        {
            var lines = File.ReadLines("/proc/cpuinfo").Take(64).ToList();
            string? Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
            return (Field("model name") ?? RuntimeInformation.ProcessArchitecture.ToString(), (Field("flags") ?? "").Split(' ').ToHashSet());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (RuntimeInformation.ProcessArchitecture.ToString(), []);
        }
    }
}
