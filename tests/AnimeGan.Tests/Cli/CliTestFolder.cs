namespace AnimeGan.Tests.Cli;

/// <summary>A CLI test class's working folder (the command's current directory), deleted after each test.</summary>
public abstract class CliTestFolder : TemporaryFolder
{
    /// <summary>`animegan ARGS` run in the folder, with the shared models.</summary>
    protected CliResult Animegan(params string[] args) => CliRunner.Run(Folder, ["--models", TestData.Models, .. args]);
}
