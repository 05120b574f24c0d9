using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Security;

/// <summary>
/// What model binding would let through as if nothing were wrong: an id that is not one (or none at all) is a 400 that
/// says so, not a 404 that suggests the row is gone; an unknown handler is a 400, not an empty page; a method without
/// a handler is a 405.
/// </summary>
// A host of its own: it writes to the demo organizations (acme, globex) or counts their rows, which classes on the shared app leave alone.
public sealed class MalformedRequestPageFilterShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> MessageOf(HttpResponseMessage response) =>
        (await PageSession.ParseAsync(response)).QuerySelector("main p")?.TextContent ?? "";

    [Theory]
    [InlineData("/", "Rename", "id=not-a-guid", "The value given for “id” is not valid.")]
    [InlineData("/", "Delete", "id=", "The request is missing a value for “id”.")]
    [InlineData("/", "Delete", null, "The request is missing a value for “id”.")]
    [InlineData("/members", "Remove", "userId=1%20OR%201=1", "The value given for “userId” is not valid.")]
    [InlineData("/members", "Role", null, "The request is missing a value for “userId”.")]
    public async Task AnswerAMalformedOrMissingIdWith400(string path, string handler, string? query, string message)
    {
        var page = await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Alice), path);

        var response = await page.PostFormAsync(handler, new() { ["Name"] = "x", ["Role"] = "member" }, query: query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await MessageOf(response));
    }

    [Theory]
    [InlineData("Toggle", "taskId=%7B0%7D")]
    [InlineData("Delete", null)]
    public async Task AnswerAMalformedOrMissingTaskIdWith400AndChangeNoTask(string handler, string? query)
    {
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Acme, "Ids", ["Only task"]);
        var page = await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Alice), $"/projects/{project}");

        var response = await page.PostFormAsync(handler, htmx: true, query: query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“taskId”", (await PageSession.ParseAsync(response)).QuerySelector("[role=alert]")?.TextContent);
        Assert.False(await TestOrganizations.ScalarAsync<bool>(app.AdminConnectionString,
            "SELECT completed FROM tasks WHERE project_id = $1", project));
    }

    [Fact]
    public async Task AnswerAMalformedFlagInTheAddressWith400()
    {
        var response = await app.ClientFor("acme.localhost", app.Demo.Alice).GetAsync("/settings?moved=yes-please", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The value given for “Moved” is not valid.", await MessageOf(response));
    }

    [Fact]
    public async Task AnswerAPostToAHandlerThePageDoesNotHaveWith400()
    {
        var page = await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Alice), "/");

        var response = await page.PostFormAsync("Drop<b>", new() { ["Name"] = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This page has no action called “Drop<b>”.", await MessageOf(response));
        Assert.DoesNotContain("Drop<b>", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task AnswerAMethodThePageHasNoHandlerForWith405()
    {
        var page = await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Alice), "/members");
        var request = new HttpRequestMessage(HttpMethod.Put, "/members");
        request.Headers.Add("RequestVerificationToken", page.Token);

        var response = await page.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("This page does not accept PUT requests.", await MessageOf(response));
    }

    [Fact]
    public async Task ExplainAFailedAntiforgeryCheck()
    {
        var page = await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Alice), "/");

        var response = await page.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/?handler=Create")
        {
            Content = new FormUrlEncodedContent([new("Name", "x"), new("__RequestVerificationToken", "forged")]),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("This form has expired or was not sent from this site.", await MessageOf(response));
    }
}
