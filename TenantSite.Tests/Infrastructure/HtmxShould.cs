using System.Net;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// The global guard in <c>UseHtmxRedirects</c>: whatever redirects an htmx request, the browser gets an HX-Redirect
/// (a whole-window navigation), never a 3xx that its XMLHttpRequest would follow into a fragment's place.
/// </summary>
public sealed class HtmxShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The landing page redirects a user without organizations to onboarding: a redirect no handler turns into NavigateTo.
    private async Task<HttpClient> NewcomerAsync() =>
        app.ClientFor("localhost", await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "htmx-" + Guid.NewGuid().ToString("N")[..8]));

    [Fact]
    public async Task TurnARedirectAnsweredToHtmxIntoAnHXRedirect()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("HX-Request", "true");
        var response = await (await NewcomerAsync()).SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("/onboarding", response.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task LeaveRedirectsOfPlainRequestsAlone()
    {
        var response = await (await NewcomerAsync()).GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/onboarding", response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.Contains("HX-Redirect"));
    }
}
