using System.Net;
using Npgsql;
using TenantSite.Auth;
using TenantSite.Data;
using TenantSite.Data.Entities;
using TenantSite.Tests.Api;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// A key lives no longer than its creator's right to create keys (manage:settings): when the creator is removed, leaves,
/// drops below admin or is deleted, their keys are revoked in the same transaction, by whichever writer, and the next
/// request with one gets 401; a key being created as its creator is demoted is refused. Each test makes its own
/// organization.
/// </summary>
public sealed class ApiKeyCreatorShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StopWorkingTheMomentItsCreatorIsRemoved(bool htmx)
    {
        var (slug, org) = await NewOrganizationAsync((app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Admin));
        var (key, id) = await CreateKeyOnTheSettingsPageAsync(slug, app.Demo.Bob);
        var script = app.KeyClient($"{slug}.localhost", key);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/v1/projects", Ct)).StatusCode);

        var members = await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", app.Demo.Alice), "/members");
        var removed = await members.PostFormAsync("Remove", new() { ["SeenRole"] = Roles.Admin }, htmx, query: $"userId={app.Demo.Bob}");
        Assert.True(removed.IsSuccessStatusCode || removed.StatusCode == HttpStatusCode.Redirect, $"{removed.StatusCode}");

        var refused = await script.GetAsync("/api/v1/projects", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await refused.ProblemAsync();
        Assert.Equal([$"api_key.revoked|{id}|{app.Demo.Alice}"], await RevocationsAsync(org));
    }

    // Every role through a writer with no page in front (the runtime role, as another instance or a script would): the
    // database's rule follows Permissions, whoever changes the role.
    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Viewer)]
    public async Task WorkExactlyWhileItsCreatorMayCreateKeys(string role)
    {
        var (slug, org) = await NewOrganizationAsync((app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Admin));
        var (key, id) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Viewer, createdBy: app.Demo.Bob);
        var mayCreateKeys = Permissions.Has(role, Permissions.ManageSettings);
        string[] revocations = mayCreateKeys ? [] : [$"api_key.revoked|{id}|{app.Demo.Alice}"];

        await Sql.QueryAsync(app.RuntimeDataSource, org, app.Demo.Alice,
            "UPDATE organization_members SET role = $2 WHERE user_id = $1", app.Demo.Bob, role);

        var answer = await app.KeyClient($"{slug}.localhost", key).GetAsync("/api/v1/projects", Ct);
        Assert.Equal(mayCreateKeys ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal(revocations, await RevocationsAsync(org));
    }

    [Fact]
    public async Task StopWorkingWhenItsCreatorLeaves()
    {
        var (slug, org) = await NewOrganizationAsync((app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Admin));
        var (key, id) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member, createdBy: app.Demo.Bob);

        await Sql.QueryAsync(app.RuntimeDataSource, org, app.Demo.Bob, "DELETE FROM organization_members WHERE user_id = $1", app.Demo.Bob);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.KeyClient($"{slug}.localhost", key).GetAsync("/api/v1/projects", Ct)).StatusCode);
        Assert.Equal([$"api_key.revoked|{id}|{app.Demo.Bob}"], await RevocationsAsync(org));
    }

    [Fact]
    public async Task StopWorkingWhenItsCreatorsAccountIsDeleted()
    {
        var creator = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "creator-" + Guid.NewGuid().ToString("N")[..8]);
        var (slug, org) = await NewOrganizationAsync((app.Demo.Alice, Roles.Owner), (creator, Roles.Admin));
        var (key, id) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member, createdBy: creator);

        await TestOrganizations.ScalarAsync<int>(app.AdminConnectionString,
            "WITH d AS (DELETE FROM users WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM d", creator);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.KeyClient($"{slug}.localhost", key).GetAsync("/api/v1/projects", Ct)).StatusCode);
        Assert.Equal([$"api_key.revoked|{id}|"], await RevocationsAsync(org));
    }

    [Fact]
    public async Task KeepWorkingWhenSomeoneElseIsRemovedOrItsCreatorBecomesOwner()
    {
        var (slug, org) = await NewOrganizationAsync((app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Admin), (app.Demo.Carol, Roles.Admin));
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member, createdBy: app.Demo.Bob);
        var (othersKey, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member, createdBy: app.Demo.Carol);

        await Sql.QueryAsync(app.RuntimeDataSource, org, app.Demo.Alice, "DELETE FROM organization_members WHERE user_id = $1", app.Demo.Carol);
        await Sql.QueryAsync(app.RuntimeDataSource, org, app.Demo.Alice,
            "UPDATE organization_members SET role = 'owner' WHERE user_id = $1", app.Demo.Bob);

        Assert.Equal(HttpStatusCode.OK, (await app.KeyClient($"{slug}.localhost", key).GetAsync("/api/v1/projects", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.KeyClient($"{slug}.localhost", othersKey).GetAsync("/api/v1/projects", Ct)).StatusCode);
    }

    // A change refused at commit (the last owner) revokes nothing: the revocation is part of the change's transaction.
    [Fact]
    public async Task KeepWorkingWhenTheChangeOfItsCreatorIsRefused()
    {
        var (slug, org) = await NewOrganizationAsync((app.Demo.Alice, Roles.Owner));
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member, createdBy: app.Demo.Alice);

        var error = await Record.ExceptionAsync(() => Sql.QueryAsync(app.RuntimeDataSource, org, app.Demo.Alice,
            "UPDATE organization_members SET role = 'viewer' WHERE user_id = $1", app.Demo.Alice));

        Assert.True(error?.IsLastOwnerViolation() == true, error?.ToString() ?? "the last owner was demoted");
        Assert.Equal(HttpStatusCode.OK, (await app.KeyClient($"{slug}.localhost", key).GetAsync("/api/v1/projects", Ct)).StatusCode);
        Assert.Empty(await RevocationsAsync(org));
    }

    // The demotion commits while the admin's new key is being saved (its lock holds the insert until then): the key is
    // refused, instead of being saved after the demotion revoked the admin's other keys and outliving the right it needs.
    [Fact]
    public async Task NotBeCreatedBySomeoneDemotedWhileItIsSaved()
    {
        var (slug, org) = await NewOrganizationAsync((app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Admin));
        var settings = await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", app.Demo.Bob), "/settings");
        await using var owner = new NpgsqlConnection(app.AdminConnectionString);
        await owner.OpenAsync(Ct);
        await using var ownerTx = await owner.BeginTransactionAsync(Ct);
        await Sql.ReadAsync(owner, "UPDATE organization_members SET role = 'member' WHERE organization_id = $1 AND user_id = $2", org, app.Demo.Bob);

        var creating = settings.PostFormAsync("CreateKey", new() { ["KeyName"] = "Late", ["KeyRole"] = Roles.Member }, htmx: true);
        var waited = await LockWaits.UntilWaitingAsync(app.AdminConnectionString, creating);
        await ownerTx.CommitAsync(Ct);
        var created = await creating;

        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM api_keys WHERE organization_id = $1 AND revoked_at IS NULL", org));
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.True(waited, "the key's insert did not wait for the demotion");
    }

    private async Task<(string Slug, Guid Org)> NewOrganizationAsync(params (Guid, string)[] members)
    {
        var slug = TestOrganizations.NewSlug("creator");
        return (slug, await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, members));
    }

    // Through the app's own door, so the key's creator is recorded as the settings page records it.
    private async Task<(string Key, Guid Id)> CreateKeyOnTheSettingsPageAsync(string slug, Guid creator)
    {
        var settings = await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", creator), "/settings");
        var created = await PageSession.ParseAsync(await settings.PostFormAsync("CreateKey", new() { ["KeyName"] = "Deploy", ["KeyRole"] = Roles.Member }));
        return (created.QuerySelector("#new-key")!.GetAttribute("value")!, Guid.Parse(created.QuerySelector("tr.api-key")!.GetAttribute("data-key-id")!));
    }

    // The organization's key revocations in the audit log: action, key and who made the change that caused it.
    private Task<string[]> RevocationsAsync(Guid org) => TestOrganizations.ScalarAsync<string[]>(app.AdminConnectionString,
        "SELECT coalesce(array_agg(action || '|' || target_id || '|' || coalesce(actor_user_id::text, '') ORDER BY occurred_at), '{}') " +
        "FROM audit_events WHERE organization_id = $1 AND action = 'api_key.revoked'", org);
}
