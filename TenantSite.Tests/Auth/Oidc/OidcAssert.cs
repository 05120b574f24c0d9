using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>Assertions on the app's answers during sign-in.</summary>
public static class OidcAssert
{
    public const string SessionCookie = "tenantsite.auth";

    /// <summary>The callback signed the user in and sends them where they were going.</summary>
    public static void SignedIn(HttpResponseMessage callback, string returnUrl = ProviderAppFactory.SessionPath)
    {
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect,
            $"Expected a redirect to {returnUrl}, got {(int)callback.StatusCode} {callback.Headers.Location}");
        Assert.Equal(returnUrl, callback.Headers.Location?.OriginalString);
        Assert.Contains(SetCookies(callback), c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
    }

    /// <summary>The failure became a redirect to the error page with this code (never a 500, never a session).</summary>
    public static void RedirectsToError(HttpResponseMessage response, string error, string? returnUrl = ProviderAppFactory.SessionPath)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"Expected a redirect to the error page, got {(int)response.StatusCode} {response.Headers.Location}");
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/signin/error?", location);
        var query = QueryHelpers.ParseQuery(location[location.IndexOf('?')..]);
        Assert.Equal(error, query["error"].ToString());
        Assert.Equal(returnUrl, query.TryGetValue("returnUrl", out var r) ? r.ToString() : null);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
    }

    /// <summary>The session as the app's cookie holds it: claims and stored tokens (fails without a session).</summary>
    public static async Task<JsonObject> SessionAsync(TestBrowser browser)
    {
        using var response = await browser.GetAsync(ProviderAppFactory.SessionPath, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
    }

    /// <summary>True when the browser has a session.</summary>
    public static async Task<bool> HasSessionAsync(TestBrowser browser)
    {
        using var response = await browser.GetAsync(ProviderAppFactory.SessionPath, TestContext.Current.CancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    public static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    public static string? Claim(JsonObject session, string type) => session["claims"]![type]?.GetValue<string>();
}
