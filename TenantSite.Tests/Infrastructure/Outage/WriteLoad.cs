using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace TenantSite.Tests.Infrastructure.Outage;

/// <summary>
/// The outage test's load: per tenant, one client creating projects on the dashboard and one creating organizations
/// through onboarding (a write of two rows: the organization and its owner), alternating plain forms and htmx, each
/// attempt recorded. After a failed attempt a client waits a little, as Retry-After asks.
/// </summary>
public sealed class WriteLoad(TenantSiteFactory app, Stopwatch clock)
{
    public ConcurrentQueue<Attempt> Attempts { get; } = new();

    public async Task<LoadTenant> TenantAsync(string slug, Guid owner) => new(slug,
        await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", owner), "/"),
        await PageSession.OpenAsync(app.ClientFor("localhost", owner), "/onboarding"));

    /// <summary>Acknowledged: the redirect back (plain) or the list with the new project (htmx).</summary>
    public Task ProjectsAsync(LoadTenant tenant, CancellationToken stop) => LoopAsync(tenant, "project", stop, (n, htmx) =>
    {
        var name = $"{tenant.Slug} load project {n}";
        return (name, tenant.Dashboard.PostFormAsync("Create", new() { ["Name"] = name }, htmx),
            response => response.StatusCode == (htmx ? HttpStatusCode.OK : HttpStatusCode.Redirect));
    });

    /// <summary>Acknowledged: the way to the new organization (a redirect, or HX-Redirect for htmx).</summary>
    public Task OrganizationsAsync(LoadTenant tenant, CancellationToken stop) => LoopAsync(tenant, "organization", stop, (n, htmx) =>
    {
        var slug = $"load-{tenant.Slug}-{n}-{Guid.NewGuid().ToString("N")[..6]}";
        return (slug, tenant.Onboarding.PostAsync("/onboarding", new() { ["Name"] = $"Load {slug}", ["Slug"] = slug }, htmx),
            response => htmx
                ? response.StatusCode == HttpStatusCode.NoContent && response.Headers.Contains("HX-Redirect")
                : response.StatusCode == HttpStatusCode.Redirect);
    });

    private async Task LoopAsync(LoadTenant tenant, string kind, CancellationToken stop,
        Func<int, bool, (string Name, Task<HttpResponseMessage> Send, Func<HttpResponseMessage, bool> Acknowledged)> write)
    {
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var htmx = n % 2 == 0;
            var started = clock.Elapsed;
            var (name, send, acknowledged) = write(n, htmx);
            Attempt attempt;
            try
            {
                var response = await send;
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                attempt = new Attempt(tenant.Slug, kind, name, htmx, started, clock.Elapsed, response.StatusCode, acknowledged(response),
                    body, response.Headers.RetryAfter?.ToString());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                attempt = new Attempt(tenant.Slug, kind, name, htmx, started, clock.Elapsed, null, false, "", null, $"{e.GetType().Name}: {e.Message}");
            }
            Attempts.Enqueue(attempt);
            if (!attempt.Succeeded) await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
