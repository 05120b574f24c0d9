using Npgsql;
using TenantSite.Data;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// tenantsite_upsert_user as sign-in calls it: as the runtime role, through <see cref="DefinerFunctions.UpsertUserAsync"/>.
/// The user is keyed by (issuer, subject); a sign-in without an email or name keeps the stored one
/// (KeepUserProfileWhenClaimsAreMissing), a new one replaces it.
/// </summary>
public sealed class UpsertUserTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Issuer = "https://issuer.test";
    private string _database = "";

    public async ValueTask InitializeAsync() => _database = await postgres.CreateDatabaseAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    public async Task KeepTheStoredEmailAndNameWhenASignInCarriesNone(string? email, string? name)
    {
        var subject = NewSubject();
        var id = await UpsertAsync(subject, "Alice@Example.com", "Alice Liddell");

        Assert.Equal(id, await UpsertAsync(subject, email, name));

        Assert.Equal(("alice@example.com", "Alice Liddell"), await StoredAsync(id));
    }

    [Fact]
    public async Task ReplaceTheStoredEmailWithANewOneInLowerCase()
    {
        var subject = NewSubject();
        var id = await UpsertAsync(subject, "alice@example.com", "Alice Liddell");

        await UpsertAsync(subject, "Alice.Liddell@Wonderland.EXAMPLE", null);

        Assert.Equal(("alice.liddell@wonderland.example", "Alice Liddell"), await StoredAsync(id));
    }

    [Fact]
    public async Task ReplaceTheStoredNameWithANewOne()
    {
        var subject = NewSubject();
        var id = await UpsertAsync(subject, "alice@example.com", "Alice");

        await UpsertAsync(subject, "", "Alice Liddell");

        Assert.Equal(("alice@example.com", "Alice Liddell"), await StoredAsync(id));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    public async Task StoreNullNotEmptyForANewUserWithoutEmailOrName(string? email, string? name)
    {
        var id = await UpsertAsync(NewSubject(), email, name);

        Assert.Equal((null, null), await StoredAsync(id));
    }

    private static string NewSubject() => Guid.NewGuid().ToString("N");

    private async Task<Guid> UpsertAsync(string subject, string? email, string? name)
    {
        await using var runtime = new ScopedContext(postgres.Runtime(_database), null, null);
        return await runtime.Db.UpsertUserAsync(Issuer, subject, email, name, TestContext.Current.CancellationToken);
    }

    private async Task<(string? Email, string? Name)> StoredAsync(Guid user)
    {
        await using var source = NpgsqlDataSource.Create(postgres.Admin(_database));
        var row = (await Sql.QueryWithoutTenantAsync(source, "SELECT email, name FROM users WHERE id = $1", user)).Single();
        return ((string?)row[0], (string?)row[1]);
    }
}
