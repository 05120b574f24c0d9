using System.Net;
using AngleSharp.Dom;
using Npgsql;
using TenantSite.Data.Entities;
using TenantSite.Infrastructure;
using TenantSite.Tests.Api;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Org.Activity;

/// <summary>The Activity page: owners and admins read who changed what, filter it, and page through it.</summary>
public sealed class IndexShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShowWhoRenamedAProjectWhenAndFromWhere()
    {
        var org = await OrganizationAsync();
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org.Id, "Before", []);
        var dashboard = await PageSession.OpenAsync(app.ClientFrom(IPAddress.Parse("192.0.2.10"), org.Host, org.Owner), "/");

        var renamed = await dashboard.PostFormAsync("Rename", new() { ["Name"] = "After" }, htmx: true, query: $"id={project}");
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Admin), "/activity");
        var newest = page.Document.QuerySelector("#events tr.event")!;
        Assert.Equal("project.renamed", newest.GetAttribute("data-action"));
        Assert.Equal("Olivia Owner", Text(newest, ".event-who"));
        Assert.Equal("renamed project “Before” to “After”", Text(newest, ".event-what"));
        Assert.Equal("192.0.2.10", Text(newest, ".event-ip"));
        Assert.NotNull(newest.QuerySelector("time[datetime]"));
        Assert.NotNull(page.Document.QuerySelector("header nav a[href='/activity']"));
    }

    [Fact]
    public async Task ShowTheApiKeyThatMadeAChangeThroughTheApi()
    {
        var org = await OrganizationAsync();
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org.Id, Roles.Member, "Deploy bot");
        var client = app.ClientFrom(IPAddress.Parse("198.51.100.20"), org.Host);
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);

        var created = await client.SendJsonAsync(HttpMethod.Post, $"{ApiEndpoint.BasePath}/projects", new { name = "From CI" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/activity");
        var newest = page.Document.QuerySelector("#events tr.event")!;
        Assert.Equal($"API key {key[..15]}…", Text(newest, ".event-who"));
        Assert.Equal("created project “From CI”", Text(newest, ".event-what"));
        Assert.Equal("198.51.100.20", Text(newest, ".event-ip"));
    }

    [Theory]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Viewer)]
    public async Task RefuseMembersAndViewers(string role)
    {
        var org = await OrganizationAsync();
        var user = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "u-" + Guid.NewGuid().ToString("N")[..8]);
        await Sql.QueryAsync(app.RuntimeDataSource, org.Id, org.Owner,
            "INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, $3)", org.Id, user, role);
        var client = app.ClientFor(org.Host, user);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/activity", Ct)).StatusCode);
        var dashboard = await PageSession.OpenAsync(client, "/");
        Assert.Null(dashboard.Document.QuerySelector("header nav a[href='/activity']"));
    }

    [Fact]
    public async Task AnswerNotFoundToANonMember()
    {
        var org = await OrganizationAsync();
        var stranger = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "s-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(org.Host, stranger).GetAsync("/activity", Ct)).StatusCode);
    }

    [Fact]
    public async Task FilterByPersonKeyAndKind()
    {
        var org = await OrganizationAsync();
        var (_, keyId) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org.Id, Roles.Member, "Filter key");
        await AddEventsAsync(org.Id, 1, "project.created", actor: org.Owner);
        await AddEventsAsync(org.Id, 1, "task.created", actor: org.Admin);
        await AddEventsAsync(org.Id, 1, "task.deleted", key: keyId);
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/activity");

        Assert.Equal(["task.created"], Actions(await page.ReloadAsync($"person={org.Admin}")));
        Assert.Equal(["task.deleted"], Actions(await page.ReloadAsync("person=keys")));
        Assert.Equal(["task.deleted"], Actions(await page.ReloadAsync($"person=key:{keyId}")));
        Assert.Equal(["task.deleted", "task.created"], Actions(await page.ReloadAsync("kind=tasks")));
        Assert.Equal(["project.created"], Actions(await page.ReloadAsync($"person={org.Owner}&kind=projects")));
        Assert.Equal("No activity matches.", Text(await page.ReloadAsync($"person={org.Admin}&kind=billing"), "#no-activity"));
        // The form offers the members, any key and each key, and keeps the choice.
        var options = page.Document.QuerySelectorAll("select[name=person] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(["", org.Admin.ToString(), org.Owner.ToString(), "keys", $"key:{keyId}"], options);
        Assert.Equal("billing", page.Document.QuerySelector("select[name=kind] option[selected]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task PageThroughEveryEventOnceWithLinksAndWithHtmx()
    {
        var org = await OrganizationAsync();
        await AddEventsAsync(org.Id, 30, "task.created", actor: org.Owner);
        await AddEventsAsync(org.Id, 30, "task.completed", actor: org.Owner, sameTime: true); // ties are ordered by id
        var expected = await EventIdsAsync(org.Id);
        var client = app.ClientFor(org.Host, org.Owner);

        // Without JavaScript: the link to each next page.
        var page = await PageSession.OpenAsync(client, "/activity");
        var seen = new List<string>();
        var doc = await page.ReloadAsync("kind=tasks");
        while (true)
        {
            seen.AddRange(doc.QuerySelectorAll("#events tr.event").Select(r => r.Id!["event-".Length..]));
            if (doc.QuerySelector("#load-more a")?.GetAttribute("href") is not { } next) break;
            Assert.Contains("kind=tasks", next);
            doc = await page.ReloadAsync(next[(next.IndexOf('?') + 1)..]);
        }
        Assert.Equal(60, expected.Count);
        Assert.Equal(expected, seen);
        Assert.Null(page.Document.QuerySelector("#load-more")); // the last page

        // With htmx: the first "load more" answers the next rows and its own "load more" row, no page around them.
        var first = await PageSession.OpenAsync(client, "/activity");
        var href = first.Document.QuerySelector("#load-more a")!.GetAttribute("hx-get")!;
        var response = await first.GetAsync(href, htmx: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("<html", html);
        Assert.StartsWith("<tr", html.TrimStart());
        var fragment = await PageSession.ParseAsync(response);
        Assert.Equal(expected.Skip(Web.PageSize).Take(Web.PageSize), fragment.QuerySelectorAll("tr.event").Select(r => r.Id!["event-".Length..]));
        Assert.NotNull(fragment.QuerySelector("#load-more a[hx-get]"));
    }

    [Theory]
    [InlineData("after=not-a-cursor", "This link to older activity is not valid.")]
    [InlineData("after=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "This link to older activity is not valid.")]
    [InlineData("after=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2A%2A", "This link to older activity is not valid.")]
    [InlineData("kind=gossip", "There is no such kind of activity. Choose one of: projects, tasks,")]
    [InlineData("person=someone", "Choose whose activity to show from the list")]
    [InlineData("person=key:nope", "Choose whose activity to show from the list")]
    public async Task RefuseABadFilterOrCursorWithAMessage(string query, string message)
    {
        var org = await OrganizationAsync();
        var client = app.ClientFor(org.Host, org.Owner);
        foreach (var htmx in new[] { false, true })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/activity?{query}");
            if (htmx) request.Headers.Add("HX-Request", "true");
            var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
        }
    }

    private sealed record Org(Guid Id, string Host, Guid Owner, Guid Admin);

    private static class Web
    {
        public const int PageSize = TenantSite.Pages.Org.Activity.Index.PageSize;
    }

    private async Task<Org> OrganizationAsync()
    {
        var owner = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "o-" + Guid.NewGuid().ToString("N")[..8], "Olivia Owner");
        var admin = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "a-" + Guid.NewGuid().ToString("N")[..8], "Adam Admin");
        var slug = TestOrganizations.NewSlug("activity");
        var id = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (owner, Roles.Owner), (admin, Roles.Admin));
        return new Org(id, $"{slug}.localhost", owner, admin);
    }

    // Events written as the owner of the table, as the triggers write them: many, fast, with chosen times.
    private async Task AddEventsAsync(Guid org, int count, string action, Guid? actor = null, Guid? key = null, bool sameTime = false)
    {
        var source = AdminSources.For(app.AdminConnectionString);
        await using var command = source.CreateCommand("""
            INSERT INTO audit_events (organization_id, occurred_at, actor_user_id, actor_name, api_key_id, api_key_prefix, action,
                                      target_type, target_label)
            SELECT $1, CASE WHEN $5 THEN clock_timestamp() + interval '1 hour' ELSE clock_timestamp() + g * interval '1 ms' END,
                   $2, (SELECT coalesce(name, email) FROM users WHERE id = $2), $3,
                   (SELECT prefix FROM api_keys WHERE organization_id = $1 AND id = $3), $4, split_part($4, '.', 1), 'Item ' || g
            FROM generate_series(1, $6) g
            """);
        foreach (var value in new object?[] { org, actor, key, action, sameTime, count })
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<List<string>> EventIdsAsync(Guid org)
    {
        var source = AdminSources.For(app.AdminConnectionString);
        await using var connection = await source.OpenConnectionAsync(Ct);
        var rows = await Sql.ReadAsync(connection,
            "SELECT id FROM audit_events WHERE organization_id = $1 AND action LIKE 'task.%' ORDER BY occurred_at DESC, id DESC", org);
        return rows.Select(r => r[0]!.ToString()!).ToList();
    }

    private static List<string> Actions(IParentNode html) =>
        html.QuerySelectorAll("#events tr.event").Select(r => r.GetAttribute("data-action")!).ToList();

    private static string Text(IParentNode html, string selector) =>
        string.Join(' ', (html.QuerySelector(selector)?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
