using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Errors;

/// <summary>The page behind every error status: a whole page for a browser, the message alone for htmx.</summary>
public sealed class StatusShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswerHtmxWithTheMessageAloneForTheFlashArea()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        request.Headers.Add("HX-Request", "true");
        var response = await app.ClientFor("acme.localhost", app.Demo.Alice).SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var fragment = await PageSession.ParseAsync(response);
        Assert.Equal("There is nothing here — or nothing you have access to.", fragment.QuerySelector("p.flash.error[role=alert]")?.TextContent);
        Assert.Null(fragment.QuerySelector("h1"));
    }

    [Fact]
    public async Task AnswerABrowserWithTheWholePage()
    {
        var response = await app.ClientFor("acme.localhost", app.Demo.Alice).GetAsync("/no-such-page", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not found", (await PageSession.ParseAsync(response)).QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task KeepTheStatusOfAFailedFormThatHasAFieldNamedCode()
    {
        // The provider's form_post callback is such a form; its re-execution must not turn "code" into the status.
        var request = new HttpRequestMessage(HttpMethod.Post, "http://evil.example/")
        {
            Content = new FormUrlEncodedContent([new("code", "forged"), new("state", "forged")]),
        };
        var response = await app.ClientFor("localhost").SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Bad request", (await PageSession.ParseAsync(response)).QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task SayAMinuteWhenA429NamesNoWait()
    {
        var response = await app.ClientFor("localhost").GetAsync("/errors/429", Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("Too many requests, try again in a minute.", await response.Content.ReadAsStringAsync(Ct));
    }
}
