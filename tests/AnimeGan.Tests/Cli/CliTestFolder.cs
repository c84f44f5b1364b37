namespace AnimeGan.Tests.Cli;

/// <summary>A CLI test class's working folder (the command's current directory), deleted after each test.</summary>
public abstract class CliTestFolder : TemporaryFolder
{
    /// <summary>`animegan ARGS` run in the folder, with the shared models.</summary>
    protected CliResult Animegan(params string[] args) => CliRunner.Run(Folder, ["--models", TestData.Models, .. args]);

    /// <summary>`animegan ARGS` run in this process with the shared models: for refusals, which need no process of their own. Paths must be absolute.</summary>
    protected static CliResult AnimeganInProcess(params string[] args) => CliRunner.InProcess(["--models", TestData.Models, .. args]);

    /// <summary>A path in the folder, for commands run in-process (whose current folder is the test run's).</summary>
    protected string InFolder(string name) => Path.Combine(Folder, name);
}
