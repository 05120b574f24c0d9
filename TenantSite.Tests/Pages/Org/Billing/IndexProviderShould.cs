using System.Net;
using TenantSite.Billing;
using TenantSite.Data.Entities;
using TenantSite.Tests.Billing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Org.Billing;

/// <summary>Records what it was asked and answers as <see cref="Answer"/> says.</summary>
public sealed class ScriptedBillingProvider : IBillingProvider
{
    public Func<Organization, string, Task<PlanChangeResult>> Answer { get; set; } = (_, _) => Task.FromResult(PlanChangeResult.Accepted);
    public List<string> Asked { get; } = [];

    public Task<PlanChangeResult> ChangePlanAsync(Organization organization, string newPlan, CancellationToken cancellationToken)
    {
        Asked.Add($"{organization.Slug}:{organization.Plan}->{newPlan}");
        return Answer(organization, newPlan);
    }
}

/// <summary>
/// The billing page and its payment provider: asked only once the new plan fits, its refusal shown, and a create
/// that comes while it is asked waiting for the change, then refused under the new plan.
/// </summary>
public sealed class IndexProviderShould(ScriptedBillingAppFactory app) : IClassFixture<ScriptedBillingAppFactory>
{
    [Fact]
    public async Task ShowTheProvidersRefusalAndKeepThePlan()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 0);
        app.Provider.Answer = (_, _) => Task.FromResult(PlanChangeResult.Declined("Your card was declined."));
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/billing");

        var response = await page.PostFormAsync("Change", new() { ["Plan"] = "pro" }, htmx: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Your card was declined.", (await PageSession.ParseAsync(response)).QuerySelector("#plan-error")!.TextContent);
        Assert.Contains($"{org.Slug}:free->pro", app.Provider.Asked);
        Assert.Equal(Plans.Free, await org.PlanAsync(app.AdminConnectionString));
    }

    [Fact]
    public async Task NotAskTheProviderAboutAPlanTooSmall()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Pro, projects: 4);
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/billing");

        await page.PostFormAsync("Change", new() { ["Plan"] = "free" }, htmx: true);

        Assert.DoesNotContain(app.Provider.Asked, a => a.StartsWith(org.Slug, StringComparison.Ordinal));
    }

    // A project created while the provider is asked: it waits for the organization's row, which the change holds, and
    // is then refused under the new, smaller plan; the provider's yes stands.
    [Fact]
    public async Task MakeACreateWaitForTheProviderAndRefuseItUnderTheNewPlan()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Pro, projects: 3);
        Task<Guid>? meanwhile = null;
        app.Provider.Answer = async (_, _) =>
        {
            meanwhile = TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org.Id, "Meanwhile", []);
            // The insert reaches the organization's row and waits there, rather than finishing first.
            Assert.True(await LockWaits.UntilWaitingAsync(app.AdminConnectionString, meanwhile), "the create should wait for the plan change");
            return PlanChangeResult.Accepted;
        };
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/billing");

        var response = await page.PostFormAsync("Change", new() { ["Plan"] = "free" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Plans.Free, await org.PlanAsync(app.AdminConnectionString));
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => meanwhile!);
        Assert.Equal($"Org {org.Slug} has 3 projects, as many as the free plan allows.", refused.MessageText);
    }
}
