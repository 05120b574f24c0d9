using System.Net;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using TenantSite.Data.Entities;
using TenantSite.Tests.Api;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// API keys from the outside: a key works for its own organization on its host and below its path, is refused
/// everywhere else (404, as for a non-member), stops working the moment it is revoked, and exists in the database only
/// as a hash. Each test makes its own keys.
/// </summary>
// A host of its own: it writes to the demo organizations (acme, globex) or counts their rows, which classes on the shared app leave alone.
public sealed class ApiKeyAuthenticationShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("acme.localhost", "/api/v1/projects")]
    [InlineData("localhost", "/org/acme/api/v1/projects")]
    [InlineData("localhost", "/org/ACME/api/v1/projects")]
    public async Task AuthenticateAKeyOnItsOwnOrganizationsHostAndPath(string host, string path)
    {
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, Roles.Viewer);

        var response = await app.KeyClient(host, key).GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("items").GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("globex.localhost", "/api/v1/projects")]
    [InlineData("localhost", "/org/globex/api/v1/projects")]
    [InlineData("nosuch.localhost", "/api/v1/projects")]
    [InlineData("localhost", "/api/v1/projects")]
    public async Task AnswerNotFoundAnywhereButItsOwnOrganization(string host, string path)
    {
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, Roles.Member);

        var response = await app.KeyClient(host, key).GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await response.ProblemAsync();
    }

    [Fact]
    public async Task RefuseAKeyFromTheMomentItIsRevoked()
    {
        var (key, id) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, Roles.Member);
        var client = app.KeyClient("acme.localhost", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/projects", Ct)).StatusCode);

        await TestOrganizations.ScalarAsync<int>(app.AdminConnectionString,
            "WITH revoked AS (UPDATE api_keys SET revoked_at = now() WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM revoked", id);
        var refused = await client.GetAsync("/api/v1/projects", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString());
        Assert.Contains("unknown or revoked", (await refused.ProblemAsync()).Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("ts_")]
    [InlineData("ts_aaaaaaaaaaaa_short")]
    [InlineData("ts_AAAAAAAAAAAA_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("ts_aaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("ts_aaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaa\u00e9aaaaaaaaaaaaaaaaaaaa")]
    public async Task RefuseMalformedAndUnknownKeysWithTheBearerChallenge(string key)
    {
        var client = app.ClientFor("acme.localhost");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        await response.ProblemAsync();
    }

    [Fact]
    public async Task ChallengeARequestWithoutCredentialsInsteadOfRedirectingIt()
    {
        var response = await app.ClientFor("acme.localhost").GetAsync("/api/v1/projects", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("Authorization: Bearer", (await response.ProblemAsync()).Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LetTheKeyAloneDecideWhenASessionComesWithIt()
    {
        // Alice owns acme; her session must neither rescue a bad key nor lend a viewer key her role.
        var (viewer, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, Roles.Viewer);
        var client = app.ClientFor("acme.localhost", app.Demo.Alice);

        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer ts_aaaaaaaaaaaa_nope");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/projects", Ct)).StatusCode);

        client.DefaultRequestHeaders.Remove("Authorization");
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + viewer);
        var write = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/projects", new { name = "By a viewer key" });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        await write.ProblemAsync();
    }

    [Fact]
    public async Task OpenNoPageWithAKey()
    {
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, Roles.Member);

        var page = await app.KeyClient("acme.localhost", key).GetAsync("/", Ct);

        // The pages know sessions only: the key is ignored, and the anonymous visitor is challenged to sign in.
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("application/json", page.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepOnlyTheHashOfAKeyAndRecordItsUse()
    {
        var (key, id) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, Roles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await app.KeyClient("acme.localhost", key).GetAsync("/api/v1/projects", Ct)).StatusCode);

        var source = AdminSources.For(app.AdminConnectionString);
        await using var connection = await source.OpenConnectionAsync(Ct);
        var row = (await Sql.ReadAsync(connection, "SELECT secret_hash, last_used_at FROM api_keys WHERE id = $1", id)).Single();
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(key)), (byte[])row[0]!);
        Assert.NotNull(row[1]);

        // Every row of every table, as text (bytea as hex): neither the key nor its secret, in any encoding we store.
        // After the prefix and its underscore (the secret's own alphabet has underscores too).
        var secret = key[(TenantSite.Auth.ApiKeySecret.PrefixLength + 1)..];
        var hex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(secret));
        var tables = await Sql.ReadAsync(connection,
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')");
        foreach (var table in tables.Select(t => (string)t[0]!))
        {
            var found = await Sql.ReadAsync(connection,
                $"SELECT count(*) FROM {table} t WHERE strpos(t::text, $1) > 0 OR strpos(t::text, $2) > 0", secret, hex);
            Assert.True((long)found[0][0]! == 0, $"{table} holds the key's secret");
        }
    }

    [Fact]
    public async Task WriteTheLastUseAtMostOnceAMinute()
    {
        var (key, id) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, Roles.Viewer);
        var client = app.KeyClient("acme.localhost", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/projects", Ct)).StatusCode);
        var first = await TestOrganizations.ScalarAsync<DateTime>(app.AdminConnectionString, "SELECT last_used_at FROM api_keys WHERE id = $1", id);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/projects", Ct)).StatusCode);

        Assert.Equal(first, await TestOrganizations.ScalarAsync<DateTime>(app.AdminConnectionString, "SELECT last_used_at FROM api_keys WHERE id = $1", id));
    }
}
