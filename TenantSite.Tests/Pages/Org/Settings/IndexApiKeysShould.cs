using System.Net;
using AngleSharp.Dom;
using Npgsql;
using TenantSite.Auth;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;
using SettingsPage = TenantSite.Pages.Org.Settings.Index;

namespace TenantSite.Tests.Pages.Org.Settings;

/// <summary>
/// The API keys on the settings page: a new key is shown once and only its hash and prefix are stored, the list, revoking,
/// the input rules, and the tenant boundary. Each test makes its own organization.
/// </summary>
public sealed class IndexApiKeysShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ShowTheNewKeyOnceAndStoreOnlyItsHashAndPrefix(bool htmx)
    {
        var (org, page) = await NewOrganizationAsync("host");

        var response = await page.PostFormAsync("CreateKey", new() { ["KeyName"] = "  CI deploy  ", ["KeyRole"] = Roles.Member }, htmx);

        // A page or fragment that holds the key, never a redirect (which would lose it), and kept by no cache.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        var answer = await PageSession.ParseAsync(response);
        Assert.Equal(!htmx, answer is IDocument);
        var key = answer.QuerySelector("#new-key")!.GetAttribute("value")!;
        Assert.True(ApiKeySecret.TryParse(key, out var prefix), key);
        Assert.True(answer.QuerySelector("#new-key")!.HasAttribute("readonly"));
        Assert.Equal("The new key “CI deploy”", Text(answer, "label[for=new-key]"));
        Assert.Contains("it will not be shown again", Text(answer, "#new-key-help"));
        Assert.Equal($"{prefix}…", Text(answer, "tr.api-key .api-key-prefix"));

        Assert.Equal($"CI deploy|member|{prefix}|true|{app.Demo.Alice}|0", await ScalarAsync<string>("""
            SELECT string_agg(name || '|' || role || '|' || prefix || '|' || (secret_hash = sha256(convert_to($2, 'UTF8'))) || '|' ||
                              created_by || '|' || (SELECT count(*) FROM api_keys c WHERE c.organization_id = $1
                                                    AND strpos(to_jsonb(c)::text || encode(c.secret_hash, 'escape'), $3) > 0), ',')
            FROM api_keys WHERE organization_id = $1
            """, org, key, key[(ApiKeySecret.PrefixLength + 1)..]));
        Assert.Equal(ApiKeySecret.Hash(key), await ScalarAsync<byte[]>("SELECT secret_hash FROM api_keys WHERE organization_id = $1", org));

        var later = await page.ReloadAsync();
        Assert.Null(later.QuerySelector("#new-key"));
        Assert.DoesNotContain(key[(ApiKeySecret.PrefixLength + 1)..], later.DocumentElement.OuterHtml);
        Assert.Equal($"{prefix}…", Text(later, "tr.api-key .api-key-prefix"));
    }

    [Fact]
    public async Task ListKeysActiveFirstNewestFirstWithPrefixRoleCreatorLastUseAndState()
    {
        var (org, page) = await NewOrganizationAsync("host");
        var old = (await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Viewer, "Old reader", app.Demo.Alice)).Id;
        var revoked = (await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member, "Retired", app.Demo.Alice,
            revokedAgo: TimeSpan.Zero)).Id;
        var recent = (await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member, "Nightly sync")).Id;
        await ScalarAsync<Guid>("UPDATE api_keys SET created_at = created_at - interval '2 days', last_used_at = now() WHERE id = $1 RETURNING id", old);

        var html = await page.ReloadAsync();

        var today = DateTimeOffset.UtcNow.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var rows = html.QuerySelectorAll("tr.api-key").Select(r =>
            $"{r.GetAttribute("data-key-id")}|{Text(r, ".api-key-name")}|{Text(r, ".api-key-role")}|{Text(r, ".api-key-created small")}|" +
            $"{(Text(r, ".api-key-used") == "Never" ? "Never" : "used")}|{Text(r, ".api-key-state")}|{r.QuerySelector(".row-actions form") is not null}");
        Assert.Equal([
            $"{recent}|Nightly sync|member|by a former member|Never|Active|True",
            $"{old}|Old reader|viewer|by Alice Anderson|used|Active|True",
            $"{revoked}|Retired|member|by Alice Anderson|Never|Revoked on {today}|False",
        ], rows);
        Assert.Matches("^ts_[a-z2-7]{12}…$", Text(html, $"#api-key-{old} .api-key-prefix"));
        Assert.Equal("Revoke the key Nightly sync", html.QuerySelector($"#api-key-{recent} button")!.GetAttribute("aria-label"));
    }

    [Theory]
    [InlineData("host", "http://{slug}.localhost/api/v1/")]
    [InlineData("localhost", "http://localhost/org/{slug}/api/v1/")]
    public async Task TellTheApiAddressInTheRequestsMode(string mode, string expected)
    {
        var (org, page) = await NewOrganizationAsync(mode);
        var slug = await ScalarAsync<string>("SELECT slug FROM organizations WHERE id = $1", org);
        expected = expected.Replace("{slug}", slug);

        Assert.Equal(expected, Text(page.Document, "#api-base-url"));
        Assert.Equal($"curl -H \"Authorization: Bearer <key>\" {expected}projects", Text(page.Document, "#api-example"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RevokeAKeyAndSaySoInTheList(bool htmx)
    {
        var (org, page) = await NewOrganizationAsync("localhost");
        var key = (await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member, "Nightly sync", app.Demo.Alice)).Id;
        var other = (await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Viewer, "Other", app.Demo.Alice)).Id;

        var revoke = await page.PostFormAsync("RevokeKey", htmx: htmx, query: $"id={key}");

        Assert.Equal(htmx ? HttpStatusCode.OK : HttpStatusCode.Redirect, revoke.StatusCode);
        var answer = htmx ? await PageSession.ParseAsync(revoke) : await page.ReloadAsync();
        Assert.Equal("The key \"Nightly sync\" is revoked.", Text(answer, htmx ? "#flash[hx-swap-oob=true]" : "#flash"));
        Assert.StartsWith("Revoked on ", Text(answer, $"#api-key-{key} .api-key-state"));
        Assert.Null(answer.QuerySelector($"#api-key-{key} form"));
        Assert.Equal("Active", Text(answer, $"#api-key-{other} .api-key-state"));
        var revokedAt = await ScalarAsync<DateTime>("SELECT revoked_at FROM api_keys WHERE id = $1", key);
        Assert.True(await ScalarAsync<bool>("SELECT revoked_at IS NULL FROM api_keys WHERE id = $1", other));

        // Again: nothing changes, the first revocation's time stays.
        var again = await page.PostFormAsync("RevokeKey", htmx: true, query: $"id={key}");
        Assert.Equal("The key \"Nightly sync\" was revoked already.", Text(await PageSession.ParseAsync(again), "#flash"));
        Assert.Equal(revokedAt, await ScalarAsync<DateTime>("SELECT revoked_at FROM api_keys WHERE id = $1", key));
    }

    [Fact]
    public async Task AnswerNotFoundForAnotherOrganizationsKeyAndLeaveItActive()
    {
        var (_, page) = await NewOrganizationAsync("host");
        var other = await TestOrganizations.CreateAsync(app.AdminConnectionString, TestOrganizations.NewSlug("elsewhere"), (app.Demo.Carol, Roles.Owner));
        var elsewhere = (await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, other, Roles.Member, "Globex sync")).Id;

        foreach (var htmx in new[] { true, false })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await page.PostFormAsync("RevokeKey", htmx: htmx, query: $"id={elsewhere}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await page.PostFormAsync("RevokeKey", htmx: htmx, query: $"id={Guid.NewGuid()}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await page.PostFormAsync("RevokeKey", htmx: true, query: "id=not-a-guid")).StatusCode);
        Assert.True(await ScalarAsync<bool>("SELECT revoked_at IS NULL FROM api_keys WHERE id = $1", elsewhere));
        Assert.DoesNotContain("Globex sync", page.Document.DocumentElement.OuterHtml);
    }

    [Theory]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Viewer)]
    public async Task RefuseRolesWithoutManageSettings(string role)
    {
        var slug = TestOrganizations.NewSlug("keys");
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, role));
        var key = (await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member, "Nightly sync", app.Demo.Alice)).Id;
        var dashboard = await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", app.Demo.Bob), "/");

        foreach (var htmx in new[] { true, false })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.GetAsync("/settings", htmx)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.PostAsync("/settings?handler=CreateKey",
                new() { ["KeyName"] = "Bob's", ["KeyRole"] = Roles.Member }, htmx)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.PostAsync($"/settings?handler=RevokeKey&id={key}", htmx: htmx)).StatusCode);
        }
        Assert.Equal($"{key}|active", await ScalarAsync<string>(
            "SELECT string_agg(id || '|' || coalesce(revoked_at::text, 'active'), ',') FROM api_keys WHERE organization_id = $1", org));
    }

    [Theory]
    [InlineData("", Roles.Member, "#key-name-error", "Enter a name.")]
    [InlineData("   ", Roles.Viewer, "#key-name-error", "Enter a name.")]
    [InlineData("(101)", Roles.Member, "#key-name-error", "Use at most 100 characters.")]
    [InlineData("CI", Roles.Owner, "#key-role-error", SettingsPage.UnknownKeyRoleMessage)]
    [InlineData("CI", Roles.Admin, "#key-role-error", SettingsPage.UnknownKeyRoleMessage)]
    [InlineData("CI", "", "#key-role-error", SettingsPage.UnknownKeyRoleMessage)]
    public async Task ExplainAnUnusableNameOrRoleWith422AndSaveNothing(string name, string role, string field, string message)
    {
        var (org, page) = await NewOrganizationAsync("host");
        name = name == "(101)" ? new string('k', 101) : name;

        foreach (var htmx in new[] { true, false })
        {
            var response = await page.PostFormAsync("CreateKey", new() { ["KeyName"] = name, ["KeyRole"] = role }, htmx);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var html = await PageSession.ParseAsync(response);
            Assert.Equal(message, Text(html, $"#create-api-key {field}"));
            Assert.Null(html.QuerySelector("#new-key"));
            Assert.Equal("true", html.QuerySelector(field == "#key-name-error" ? "#KeyName" : "select[name=KeyRole]")!.GetAttribute("aria-invalid"));
        }
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE organization_id = $1", org));
    }

    [Fact]
    public async Task KeepTheOtherFormsWorkingWithTheKeysOnThePage()
    {
        var (org, page) = await NewOrganizationAsync("host");
        await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member, "Nightly sync", app.Demo.Alice);

        var plain = await page.PostFormAsync("Rename", new() { ["Name"] = "" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.StatusCode);
        var html = await PageSession.ParseAsync(plain);
        Assert.Equal("Enter a name.", Text(html, "#rename-error"));
        Assert.Equal("Nightly sync", Text(html, "tr.api-key .api-key-name"));
    }

    // A taken prefix cannot be arranged (60 random bits), so a trigger raises the unique index's own error instead: on the
    // first insert of a key named "Collides once" (a sequence counts the tries, outside any transaction), on every one of
    // "Collides always".
    [Theory]
    [InlineData("Collides once", HttpStatusCode.OK, 1L)]
    [InlineData("Collides always", HttpStatusCode.UnprocessableEntity, 0L)]
    public async Task TryOnceMoreWhenThePrefixIsTakenAndNeverAnswer500(string name, HttpStatusCode expected, long saved)
    {
        await using (var source = NpgsqlDataSource.Create(app.AdminConnectionString))
        {
            await source.CreateCommand("""
                CREATE SEQUENCE IF NOT EXISTS test_prefix_collisions;
                GRANT USAGE ON SEQUENCE test_prefix_collisions TO tenantsite_app;
                CREATE OR REPLACE FUNCTION test_prefix_collision() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.name = 'Collides always' THEN
                        RAISE unique_violation USING MESSAGE = 'prefix taken (test)', CONSTRAINT = 'ux_api_keys_prefix';
                    END IF;
                    IF NEW.name = 'Collides once' THEN
                        IF nextval('test_prefix_collisions') = 1 THEN
                            RAISE unique_violation USING MESSAGE = 'prefix taken (test)', CONSTRAINT = 'ux_api_keys_prefix';
                        END IF;
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE OR REPLACE TRIGGER test_prefix_collision BEFORE INSERT ON api_keys FOR EACH ROW EXECUTE FUNCTION test_prefix_collision();
                """).ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var (org, page) = await NewOrganizationAsync("host");

        var response = await page.PostFormAsync("CreateKey", new() { ["KeyName"] = name, ["KeyRole"] = Roles.Viewer }, htmx: true);

        Assert.Equal(expected, response.StatusCode);
        var html = await PageSession.ParseAsync(response);
        if (saved == 1)
        {
            Assert.True(ApiKeySecret.TryParse(html.QuerySelector("#new-key")?.GetAttribute("value"), out _));
            Assert.Equal(2L, await ScalarAsync<long>("SELECT last_value FROM test_prefix_collisions"));
        }
        else Assert.Equal("The key could not be created just now. Try again.", Text(html, "#key-name-error"));
        Assert.Equal(saved, await ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE organization_id = $1", org));
    }

    private async Task<(Guid Org, PageSession Page)> NewOrganizationAsync(string mode)
    {
        var slug = TestOrganizations.NewSlug("keys");
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner));
        var page = mode == "host"
            ? await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", app.Demo.Alice), "/settings")
            : await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Alice), $"/org/{slug}/settings");
        return (org, page);
    }

    private Task<T> ScalarAsync<T>(string sql, params object[] args) => TestOrganizations.ScalarAsync<T>(app.AdminConnectionString, sql, args);

    private static string Text(IParentNode html, string selector) =>
        string.Join(' ', (html.QuerySelector(selector)?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
