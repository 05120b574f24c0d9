using Npgsql;
using TenantSite.Data;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// tenantsite_upsert_user as sign-in calls it: as the runtime role, through <see cref="DefinerFunctions.UpsertUserAsync"/>.
/// The user is keyed by (issuer, subject); a sign-in without an email or name keeps the stored one
/// (KeepUserProfileWhenClaimsAreMissing), a new one replaces it. Whether the provider vouched for the email travels
/// with it (Invitations).
/// </summary>
public sealed class UpsertUserShould(PostgresServer postgres) : IAsyncLifetime
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

    [Fact]
    public async Task RecordWhetherTheProviderVouchedForTheEmailAtEachSignIn()
    {
        var subject = NewSubject();
        var id = await UpsertAsync(subject, "alice@example.com", "Alice", emailVerified: false);
        Assert.False(await VerifiedAsync(id));

        await UpsertAsync(subject, "alice@example.com", null, emailVerified: true);
        Assert.True(await VerifiedAsync(id));

        await UpsertAsync(subject, "alice@elsewhere.example", null, emailVerified: false);
        Assert.Equal(("alice@elsewhere.example", false), ((await StoredAsync(id)).Email, await VerifiedAsync(id)));
    }

    [Fact]
    public async Task KeepTheStoredEmailsFlagWhenASignInCarriesNoEmail()
    {
        var subject = NewSubject();
        var id = await UpsertAsync(subject, "alice@example.com", "Alice", emailVerified: true);

        await UpsertAsync(subject, null, "Alice Liddell", emailVerified: false);

        Assert.Equal(("alice@example.com", true), ((await StoredAsync(id)).Email, await VerifiedAsync(id)));
    }

    [Fact]
    public async Task NeverMarkAMissingEmailAsVerified()
    {
        var id = await UpsertAsync(NewSubject(), null, "Nobody", emailVerified: true);

        Assert.False(await VerifiedAsync(id));
    }

    private static string NewSubject() => Guid.NewGuid().ToString("N");

    private async Task<Guid> UpsertAsync(string subject, string? email, string? name, bool emailVerified = true)
    {
        await using var runtime = new ScopedContext(postgres.Runtime(_database), null, null);
        return await runtime.Db.UpsertUserAsync(Issuer, subject, email, name, emailVerified, TestContext.Current.CancellationToken);
    }

    private async Task<(string? Email, string? Name)> StoredAsync(Guid user)
    {
        var row = await RowAsync("SELECT email, name FROM users WHERE id = $1", user);
        return ((string?)row[0], (string?)row[1]);
    }

    private async Task<bool> VerifiedAsync(Guid user) => (bool)(await RowAsync("SELECT email_verified FROM users WHERE id = $1", user))[0]!;

    private async Task<object?[]> RowAsync(string sql, Guid user)
    {
        var source = AdminSources.For(postgres.Admin(_database));
        return (await Sql.QueryWithoutTenantAsync(source, sql, user)).Single();
    }
}
