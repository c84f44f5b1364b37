using System.Net;
using static AnimeGan.Server.Tests.Api.Requests;

namespace AnimeGan.Server.Tests.Api;

/// <summary>What another site's page, a mistyped form or a rebinding DNS name cannot make a local server do.</summary>
[Collection(ServerCollection.Name)]
public class HardeningTests(ServerFixture fixture)
{
    private readonly RunningServer _server = fixture.Server;

    [Fact]
    public async Task TooManyFormFieldsIsABadRequestNamingTheFieldLimitNotASizeProblem()
    {
        var form = Form(Small(), ("face.jpg", Photo()));
        for (var i = 0; i < 1100; i++) form.Add(new StringContent("x"), $"f{i}");

        var problem = await AssertProblem(await _server.Client.PostAsync("/api/convert", form), HttpStatusCode.BadRequest, _server);

        Assert.Equal("Too many form fields", problem.GetProperty("title").GetString());
        Assert.Contains("256 fields", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task AnotherSitesPageCannotSubmitWork(string header, string value)
    {
        var before = await JobCount(_server.Client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = Form(Small(), ("face.jpg", Photo())) };
        request.Headers.Add(header, value);

        var problem = await AssertProblem(await _server.Client.SendAsync(request), HttpStatusCode.Forbidden, _server);

        Assert.Equal("Cross-site request", problem.GetProperty("title").GetString());
        Assert.Equal(before, await JobCount(_server.Client));
    }

    [Fact]
    public async Task TheServersOwnPageAndProgramsWithoutAnOriginAreServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/convert") { Content = Form(Small(), ("face.jpg", Photo())) };
        request.Headers.Add("Origin", _server.Address.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        Assert.Equal(HttpStatusCode.OK, (await _server.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task ANameTheServerIsNotReachedByIsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Host = "rebound.evil.example";

        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/healthz")).StatusCode);
    }
}
