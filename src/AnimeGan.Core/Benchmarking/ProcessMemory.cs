namespace AnimeGan.Benchmarking;

/// <summary>This process's resident memory, from /proc/self/status (Linux).</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in bytes, or null where /proc does not say.</summary>
    public static long? PeakResidentBytes() => Read("VmHWM:");

    /// <summary>Restarts the peak from the current resident size (Linux ≥ 4.0); false where the kernel refuses.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? Read(string field)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            if (line is null) return null;
            var kilobytes = line[field.Length..].Trim().Split(' ')[0];
            return long.TryParse(kilobytes, out var value) ? value * 1024 : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
