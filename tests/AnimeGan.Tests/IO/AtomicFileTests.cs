using AnimeGan.IO;

namespace AnimeGan.Tests.IO;

public class AtomicFileTests : TemporaryFolder
{
    [Fact]
    public void WriteReplacesTheTargetAndLeavesOnlyIt()
    {
        var target = Path.Combine(Folder, "sub", "out.bin");
        AtomicFile.Write(target, [1, 2, 3]);

        AtomicFile.Write(target, [4, 5]);

        Assert.Equal([4, 5], File.ReadAllBytes(target));
        Assert.Equal([target], Directory.GetFiles(Path.Combine(Folder, "sub"), "*", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    [Fact]
    public void AFailedWriteSaysWhichFileAndLeavesNoTemporaryFile()
    {
        var target = Directory.CreateDirectory(Path.Combine(Folder, "taken")).FullName;

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(target, [1, 2, 3]));

        Assert.Contains($"cannot write {target}", error.Message);
        Assert.Equal([target], Directory.GetFileSystemEntries(Folder, "*", new EnumerationOptions { AttributesToSkip = 0 }));
    }
}
