using System.Net;

namespace TenantSite.Tests.Infrastructure.Outage;

/// <summary>One write of the load: what was sent, when, and what came back (or the exception the client saw).</summary>
public sealed record Attempt(
    string Tenant, string Kind, string Name, bool Htmx, TimeSpan Started, TimeSpan Ended,
    HttpStatusCode? Status, bool Succeeded, string Body, string? RetryAfter, string? Error = null)
{
    public override string ToString() =>
        $"{Kind} \"{Name}\" of {Tenant}{(Htmx ? " (htmx)" : "")} at {Started.TotalSeconds:0.00} s: " +
        $"{Error ?? ((int?)Status).ToString()} {Body[..Math.Min(Body.Length, 300)]}";
}

/// <summary>A tenant under load: its owner's dashboard (projects) and onboarding page (new organizations).</summary>
public sealed record LoadTenant(string Slug, PageSession Dashboard, PageSession Onboarding);
