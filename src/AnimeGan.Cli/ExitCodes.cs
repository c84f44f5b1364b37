namespace AnimeGan.Cli;

public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;
    /// <summary>Some inputs failed; each failure was reported with its reason.</summary>
    public const int SomeFailed = 1;
    /// <summary>The command line or the set-up is wrong (bad option, unknown style, missing model); nothing was done.</summary>
    public const int UsageError = 2;
    /// <summary>Stopped by Ctrl-C (SIGINT, 128 + 2): what was finished is kept, nothing partial is written.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM (128 + 15), the same way.</summary>
    public const int Terminated = 143;
}
