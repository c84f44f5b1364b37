using AnimeGan.Inference;
using Microsoft.ML.OnnxRuntime;

namespace AnimeGan.Benchmarking;

/// <summary>
/// The session settings the defaults were chosen against: each alternative changes one setting, so
/// a side-by-side run shows what each default is worth on this machine.
/// </summary>
public static class SessionTuning
{
    public static IReadOnlyList<(string Name, InferenceSettings Settings)> Alternatives(InferenceSettings defaults)
    {
        var alternatives = new List<(string, InferenceSettings)>
        {
            ("default", defaults),
            ("1 thread", defaults with { Threads = 1 }),
            ("optimization: extended (no NCHWc layout)", defaults with { Optimization = GraphOptimizationLevel.ORT_ENABLE_EXTENDED }),
            (defaults.MemoryArena ? "no memory arena" : "memory arena", defaults with { MemoryArena = !defaults.MemoryArena }),
            (defaults.MemoryPattern ? "no memory pattern" : "memory pattern", defaults with { MemoryPattern = !defaults.MemoryPattern }),
            (defaults.Spinning ? "no spinning" : "spinning", defaults with { Spinning = !defaults.Spinning }),
            (defaults.FusedOperators ? "operators unfused (as the file spells them)" : "fused operators", defaults with { FusedOperators = !defaults.FusedOperators }),
            (defaults.BandedTail ? "tail run whole (not banded)" : "tail banded", defaults with { BandedTail = !defaults.BandedTail }),
        };
        if (defaults.Threads == 1) alternatives.RemoveAt(1);
        return alternatives;
    }
}
