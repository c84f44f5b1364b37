using AnimeGan.Imaging;
using AnimeGan.Looks;

namespace AnimeGan.Tests.Looks;

public class LookAssetsTests : TemporaryFolder
{
    private static Lut3D Parse(string text) => CubeFile.Read(new StringReader(text), "kept.cube");

    private string Write(string folder, string text)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(Folder, folder)).FullName, "look.cube");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void AKeptLutIsServedWithoutReadingTheFileUntilItsFolderIsForgotten()
    {
        var identity = CubeText.Of(2, (r, g, b) => (r, g, b));
        var path = Write("job", CubeText.SwapRedBlue(2));
        var kept = Parse(identity);

        LookAssets.Keep(path, kept);
        Assert.Same(kept, LookAssets.Cube(path));

        LookAssets.ForgetFolder(Path.Combine(Folder, "job"));
        var read = LookAssets.Cube(path);
        Assert.NotSame(kept, read);
        var pixel = new PixelBuffer(1, 1, 3, [200, 100, 10]);
        read.Apply(pixel);
        Assert.Equal([10, 100, 200], pixel.Data); // the file's LUT, read anew
    }

    [Fact]
    public void ForgettingAFolderKeepsWhatCameFromAFolderWithALongerName()
    {
        var inside = Write("job", CubeText.SwapRedBlue(2));
        var beside = Write("job2", CubeText.SwapRedBlue(2));
        var (keptInside, keptBeside) = (Parse(CubeText.SwapRedBlue(2)), Parse(CubeText.SwapRedBlue(2)));
        LookAssets.Keep(inside, keptInside);
        LookAssets.Keep(beside, keptBeside);

        LookAssets.ForgetFolder(Path.Combine(Folder, "job") + Path.DirectorySeparatorChar);

        Assert.NotSame(keptInside, LookAssets.Cube(inside));
        Assert.Same(keptBeside, LookAssets.Cube(beside));
    }
}
