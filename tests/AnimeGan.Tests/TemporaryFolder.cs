namespace AnimeGan.Tests;

/// <summary>A test class's own empty folder under the system temp folder, deleted after each test.</summary>
public abstract class TemporaryFolder : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("animegan-test-").FullName;

    public virtual void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
