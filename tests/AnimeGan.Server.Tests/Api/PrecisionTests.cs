using System.Net;
using AnimeGan.Imaging;
using AnimeGan.Models;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

public class PrecisionTests(IsolatedModels models) : IClassFixture<IsolatedModels>
{
    [Fact]
    public async Task AnInt8ServerRunsTheQuantizedModelAndSaysSo()
    {
        models.Quantize();
        models.Add("animeganv3_cute.onnx");
        await using var fp32 = await RunningServer.StartAsync(options => options.Models = models.Directory, models.Settings);
        await using var int8 = await RunningServer.StartAsync(options =>
        {
            options.Models = models.Directory;
            options.Precision = ModelPrecision.Int8;
        }, models.Settings);

        var styles = await ReadJson(await int8.Client.GetAsync("/api/styles"));
        Assert.Equal("int8", styles.GetProperty("precision").GetString());
        var byName = styles.GetProperty("styles").EnumerateArray().ToDictionary(style => style.GetProperty("name").GetString()!);
        Assert.Equal((true, "int8"), (byName["hayao"].GetProperty("available").GetBoolean(), byName["hayao"].GetProperty("precision").GetString()));
        // Cute's INT8 model is measured no faster than its float one: an INT8 server paints Cute in FP32 and needs no INT8 file for it.
        Assert.Equal((true, "fp32"), (byName["cute"].GetProperty("available").GetBoolean(), byName["cute"].GetProperty("precision").GetString()));
        Assert.Equal("int8", (await ReadJson(await int8.Client.GetAsync("/healthz"))).GetProperty("precision").GetString());
        Assert.Contains(int8.Logs.Lines, line => line.Contains("default hayao, Int8"));

        var full = await Convert(fp32);
        var quantized = await Convert(int8);

        // A different network ran (an INT8 server serving the float model would match exactly), and it paints the same picture.
        var psnr = ImageComparison.Psnr(full, quantized);
        Assert.InRange(psnr, 25, 60);
    }

    private static async Task<PixelBuffer> Convert(RunningServer server)
    {
        var response = await server.Client.PostAsync("/api/convert",
            Form([("size", "256"), ("format", "png"), ("faces", "false")], ("scene.jpg", Photo("scene_1.jpg"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var image = new ImageCodec().Decode(await response.Content.ReadAsByteArrayAsync());
        return image.ReadColour(image.Width, image.Height);
    }

    [Fact]
    public async Task AnInt8ServerWithoutAQuantizedDefaultStyleRefusesToStartNamingTheCommand()
    {
        using var floatOnly = new IsolatedModels();
        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => RunningServer.StartAsync(options =>
        {
            options.Models = floatOnly.Directory;
            options.Precision = ModelPrecision.Int8;
        }, floatOnly.Settings));

        Assert.Contains("default style 'hayao'", error.Message);
        Assert.Contains("animegan models quantize --style hayao", error.Message);
    }
}
