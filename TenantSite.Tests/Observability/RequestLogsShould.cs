namespace TenantSite.Tests.Observability;

/// <summary>
/// What the app logs through a whole signed-in flow with every category at Trace (<see cref="SignedInFlowApp"/>): no
/// secret in any line, value, scope or exception, and every line of a tenant page says whose request it is.
/// </summary>
public sealed class RequestLogsShould(SignedInFlowApp app) : IClassFixture<SignedInFlowApp>
{
    [Fact]
    public void NeverContainACookieTokenCodeSecretOrPassword()
    {
        // The flow produced each kind of secret, and the capture really ran at Trace, or this would prove nothing.
        string[] kinds = ["code", "state", "code_verifier", "id_token", "access_token", "antiforgery token", "client secret",
            "client credentials", "connection password"];
        Assert.All(kinds, kind => Assert.True(app.Secrets.ContainsKey(kind), $"the flow produced no {kind}"));
        Assert.Contains(app.Secrets.Keys, kind => kind.StartsWith("cookie tenantsite.auth", StringComparison.Ordinal));
        Assert.Contains(app.Secrets.Keys, kind => kind.StartsWith("cookie .AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Trace);
        Assert.Contains(app.Logs.Entries, e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command" && e.Level == LogLevel.Information);

        var leaks = (from entry in app.Logs.Entries
                     let text = entry.AllText
                     from kind in app.Secrets
                     from secret in kind.Value
                     where text.Contains(secret, StringComparison.Ordinal)
                     select $"{kind.Key} in {entry.Level} {entry.Category}: {entry.Message}").Distinct().ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} secrets in logs:\n" + string.Join("\n", leaks.Take(20)));
    }

    // Everything logged once authorization ran (the page, its queries, antiforgery) names the organization and user.
    [Fact]
    public void NameTheOrganizationAndUserOnEveryLineOfATenantPage()
    {
        string[] afterAuthentication = ["Microsoft.AspNetCore.Authorization", "Microsoft.AspNetCore.Antiforgery", "Microsoft.AspNetCore.Mvc",
            "Microsoft.EntityFrameworkCore", "TenantSite"];
        // The requests of the tenant pages the flow opened signed in (the first visit, before sign-in, is not one).
        var signedIn = app.Logs.Entries.GroupBy(e => e.Scope("RequestId"))
            .Where(r => r.Key is not null && app.TenantPaths.Contains(r.First().Scope("RequestPath") ?? "") && r.Any(e => e.Scope("UserId") is not null));
        var lines = signedIn.SelectMany(r => r)
            .Where(e => afterAuthentication.Any(c => e.Category.StartsWith(c, StringComparison.Ordinal)))
            .ToList();

        Assert.All(app.TenantPaths, path => Assert.Contains(lines, e => e.Scope("RequestPath") == path && e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)));
        Assert.All(lines, e =>
        {
            Assert.True(e.Scope("OrganizationSlug") == "acme", $"no organization slug on {e}");
            Assert.True(e.Scope("OrganizationId") == app.Demo.Acme.ToString(), $"no organization id on {e}");
            Assert.True(e.Scope("UserId") == app.Demo.Alice.ToString(), $"no user id on {e}");
        });
    }
}
