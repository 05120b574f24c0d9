using AngleSharp.Html.Parser;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Security;

/// <summary>
/// The corpus of hostile inputs (HostileInputs.txt) against everything the app reads, found by crawling it as an owner
/// in host and path mode: every answer is a 4xx with a message or a normal page — never a 5xx, nothing reflected
/// unencoded, no redirect off the app — nothing is logged as an error, and nothing already saved changes except
/// through a normal, accepted write.
/// </summary>
[RunsLong]
public sealed class HostileInputCorpusShould(HostileInputAppFactory app) : IClassFixture<HostileInputAppFactory>
{
    // What the crawl cannot reach escapes the corpus: link a new page from another, or name it in [target].
    [Fact]
    public void FindAFormForEveryHandlerThatTakesOne() => Assert.Empty(app.Endpoints.Unreached(app.Surfaces.Forms));

    [Fact]
    public async Task AnswerEveryValueInEveryFormFieldIdHandlerAndQueryParameter()
    {
        var handlers = app.Endpoints.HandlerNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(app.Inputs["value"], v => handlers.Contains(v.Value().Trim())); // an ordinary request, not an attack

        var attacks = AttackPlans.FormValues(app.Inputs, app.Surfaces.Forms).Concat(AttackPlans.LinkValues(app.Inputs, app.Surfaces.Links)).ToList();
        var problems = await Attack.RunAsync(attacks, (attack, response) =>
        {
            // A form that accepted a value saved it (trimmed, as the pages do): that change is a normal write.
            if (attack.Request.Method == "POST" && !attack.MustRefuse && response.Status < 400) app.Accepted.TryAdd(attack.Payload.Trim(), true);
            return [];
        });

        Attack.AssertNone(problems, attacks.Count);
        await AssertNothingSavedChangedAndNoErrorLoggedAsync();
    }

    [Fact]
    public async Task RefuseEveryForgedTokenWrongContentTypeMalformedBodyOrQueryAndOtherMethodOnEveryForm()
    {
        var tokens = await Task.WhenAll(HostileInputAppFactory.Hosts.Select(async h => (Host: h, Token: await StrangersTokenAsync(h))));
        var attacks = AttackPlans.FormStructure(app.Inputs, app.Surfaces.Forms, form => tokens.Single(t => t.Host == form.Host).Token).ToList();

        Attack.AssertNone(await Attack.RunAsync(attacks), attacks.Count);
        await AssertNothingSavedChangedAndNoErrorLoggedAsync();
    }

    [Fact]
    public async Task AnswerHostileHostsAndHeadersAndLetForwardedHeadersChangeNothing()
    {
        var attacks = app.Inputs["host"].Select(input =>
            new Attack(input, "GET /", app.Stranger, new RawRequest("GET", input.Value(), "/"), input.Value(), MustRefuse: false)).ToList();
        var pages = app.Surfaces.Pages;
        for (var i = 0; i < app.Inputs["header"].Count; i++)
            attacks.Add(HeaderAttack(app.Inputs["header"][i], pages[i % pages.Count], i % 2 == 0 ? pages[i % pages.Count].Session : app.Stranger));
        var forwarded = app.Inputs["forwarded"].Select((input, i) => HeaderAttack(input, pages[i % pages.Count], pages[i % pages.Count].Session)).ToList();
        var baselines = new Dictionary<RawRequest, RawResponse>();
        foreach (var attack in forwarded) baselines[attack.Request] = await attack.Session.SendAsync(attack.Request with { Headers = [] });

        var problems = await Attack.RunAsync([.. attacks, .. forwarded], (attack, response) =>
            baselines.TryGetValue(attack.Request, out var baseline) ? ForwardedProblems(attack, response, baseline) : []);

        Attack.AssertNone(problems, attacks.Count + forwarded.Count);
        await AssertNothingSavedChangedAndNoErrorLoggedAsync();
    }

    // Forwarded headers are not honoured: the same status as without them, and no trace of their values.
    private static IEnumerable<string> ForwardedProblems(Attack attack, RawResponse response, RawResponse baseline)
    {
        if (response.Status != baseline.Status) yield return $"{response.Status}, without the header {baseline.Status}";
        foreach (var (_, value) in attack.Request.Headers!)
        {
            if (value.Length >= 4 && !baseline.Body.Contains(value, StringComparison.Ordinal) &&
                (response.Body.Contains(value, StringComparison.Ordinal) || response.Headers.Location.ToString().Contains(value, StringComparison.Ordinal)))
                yield return "the forwarded value shows in the answer";
        }
    }

    private static Attack HeaderAttack(HostileInput input, PageVisit page, RawSession session)
    {
        var headers = input.Value().Split('\n').Select(h => h.Split('=', 2)).Select(h => new KeyValuePair<string, string>(h[0], h[1])).ToList();
        return new Attack(input, $"GET {page.Path}", session, new RawRequest("GET", page.Host, page.Path, page.Query, Headers: headers),
            string.Join('\n', headers.Select(h => h.Value)), MustRefuse: false);
    }

    // A real token of another browser session (a stranger's, from the error page, which every host serves).
    private async Task<string> StrangersTokenAsync(string host)
    {
        var page = await app.Stranger.SendAsync(new RawRequest("GET", host, "/signin/error"), keepCookies: true);
        return new HtmlParser().ParseDocument(page.Body).QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
    }

    private async Task AssertNothingSavedChangedAndNoErrorLoggedAsync()
    {
        var after = await DatabaseSnapshot.TakeAsync(app.AdminConnectionString);
        var organizations = app.Before.Keys("organizations").ToHashSet();
        var acme = app.Demo.Acme.ToString();
        // New rows: organizations created through onboarding (and their first member), projects and tasks of acme.
        var changes = after.UnexplainedChangesSince(app.Before, value => app.Accepted.ContainsKey(value), (table, row) =>
            table == "organizations" ||
            row["organization_id"]?.GetValue<string>() is { } organization && (organization == acme || !organizations.Contains(organization)));
        Assert.Empty(changes);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Database: {app.Accepted.Count} values accepted by forms so far; every other row as it was before the corpus.");
        // The sign-in handler logs every failed callback at Error, forged ones included; they end on the sign-in error
        // page like any other bad input. A forged temp-data cookie is ignored with a warning, as it should be. Nothing
        // else may log an error or an exception.
        string[] expected = [" Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectHandler: ",
            "Warning Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider: The temp data cookie "];
        var unexpected = app.Logs.Errors.Where(e => !expected.Any(x => e.Contains(x, StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, "Logged:\n" + string.Join("\n", unexpected.Take(5)));
    }
}
