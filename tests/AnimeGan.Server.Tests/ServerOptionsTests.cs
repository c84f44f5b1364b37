using Microsoft.Extensions.Configuration;

namespace AnimeGan.Server.Tests;

public class ServerOptionsTests
{
    [Fact]
    public void DefaultsSuitASmallMachine()
    {
        var options = new ServerOptions();
        options.Validate();
        Assert.Equal("http://127.0.0.1:5000", options.Urls);
        Assert.Equal(20L * 1024 * 1024, options.MaxRequestBytes);
        Assert.Equal(50_000_000, options.MaxPixels);
        Assert.Equal(TimeSpan.FromHours(1), options.ResultTtl);
        Assert.Empty(options.CorsOrigins);
        Assert.Equal(Environment.ProcessorCount, options.ThreadsPerWorker * options.Workers);
    }

    [Fact]
    public void ValuesBindFromConfigurationKeysAsTheEnvironmentSpellsThem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ANIMEGAN:WORKERS"] = "2",
            ["AnimeGan:QueueCapacity"] = "8",
            ["animegan:resultttl"] = "00:05:00",
            ["AnimeGan:CorsOrigins:0"] = "https://example.org",
        }).Build();

        var options = ServerOptions.From(configuration);

        Assert.Equal((2, 8, TimeSpan.FromMinutes(5)), (options.Workers, options.QueueCapacity, options.ResultTtl));
        Assert.Equal(["https://example.org"], options.CorsOrigins);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), options.ThreadsPerWorker);
    }

    [Theory]
    [InlineData(nameof(ServerOptions.Workers))]
    [InlineData(nameof(ServerOptions.QueueCapacity))]
    [InlineData(nameof(ServerOptions.MaxImagesPerJob))]
    [InlineData(nameof(ServerOptions.CorsOrigins))]
    [InlineData(nameof(ServerOptions.Urls))]
    public void OutOfRangeValuesAreNamed(string setting)
    {
        var options = new ServerOptions();
        switch (setting)
        {
            case nameof(ServerOptions.Workers): options.Workers = 0; break;
            case nameof(ServerOptions.QueueCapacity): options.QueueCapacity = 0; break;
            case nameof(ServerOptions.MaxImagesPerJob): options.MaxImagesPerJob = 1000; break;
            case nameof(ServerOptions.CorsOrigins): options.CorsOrigins = ["example.org/path"]; break;
            case nameof(ServerOptions.Urls): options.Urls = "https://0.0.0.0:443"; break;
        }
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains($"AnimeGan:{setting}", error.Message);
    }
}
