using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using TenantSite.Security;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Security;

/// <summary>
/// Query strings and form bodies are checked before anything reads them: a plain form gets a page that says what was
/// wrong, htmx gets the reason alone (the htmx config puts it in the flash area), and nothing is saved.
/// </summary>
public sealed class InputCheckMiddlewareShould(EnvironmentAppFactory app) : IClassFixture<EnvironmentAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PageSession> Dashboard() => await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Alice), "/");

    private Task<long> ProjectCount() =>
        TestOrganizations.ScalarAsync<long>(app.AdminConnectionString, "SELECT count(*) FROM projects");

    [Fact]
    public async Task RefuseAControlCharacterWithAPageThatSaysWhereAndSaveNothing()
    {
        var page = await Dashboard();
        var before = await ProjectCount();

        var response = await page.PostFormAsync("Create", new() { ["Name"] = "Launch\0party" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var document = await PageSession.ParseAsync(response);
        Assert.Equal("Bad request", document.QuerySelector("main h1")?.TextContent);
        Assert.Equal("The form field “Name” contains a control character (U+0000), which is not allowed.",
            document.QuerySelector("main p")?.TextContent);
        Assert.Equal(before, await ProjectCount());
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task AnswerHtmxWithTheReasonAloneForTheFlashArea()
    {
        var page = await Dashboard();

        var response = await page.PostFormAsync("Create", new() { ["Name"] = "Launch\u0085party" }, htmx: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fragment = await PageSession.ParseAsync(response);
        Assert.Contains("U+0085", fragment.QuerySelector("p.flash.error[role=alert]")?.TextContent);
        Assert.Null(fragment.QuerySelector("#projects"));
        Assert.Null(fragment.QuerySelector("header"));
    }

    [Theory]
    [InlineData("/?x=%FF", "query parameter “x” is not valid UTF-8")]
    [InlineData("/?x=%ED%A0%80", "query parameter “x” is not valid UTF-8")]
    [InlineData("/?returnUrl=%0D%0ALocation:%20evil", "query parameter “returnUrl” contains a control character")]
    public async Task RefuseAMalformedQueryStringOnAnyPage(string url, string message)
    {
        var response = await app.ClientFor("acme.localhost", app.Demo.Alice).GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
    }

    // HttpClient would send "100%" as "100%25"; the server is handed the raw query as a client may send it.
    [Fact]
    public async Task RefuseAPercentSignThatEscapesNothing()
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Host = new HostString("acme.localhost");
            c.Request.Path = "/";
            c.Request.QueryString = new QueryString("?x=100%");
            c.Request.Headers["X-Test-User"] = app.Demo.Alice.ToString();
        }, Ct);

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Contains("two hexadecimal digits", WebUtility.HtmlDecode(await new StreamReader(context.Response.Body).ReadToEndAsync(Ct)));
    }

    [Theory]
    [InlineData("Name=a%FFb", "not valid UTF-8")]
    [InlineData("Name=a%ED%A0%80b", "not valid UTF-8")] // a lone surrogate
    [InlineData("Name=50%", "two hexadecimal digits")]
    public async Task RefuseAFormBodyThatIsNotUtf8Text(string body, string message)
    {
        var page = await Dashboard();
        var before = await ProjectCount();

        var response = await page.PostRawAsync("/?handler=Create", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(before, await ProjectCount());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-16")]
    public async Task RefuseABodyThatIsNotAUtf8FormWith415(string contentType)
    {
        var page = await Dashboard();

        var response = await page.PostRawAsync("/?handler=Create", "Name=x", htmx: true, contentType: contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Forms must be sent as application/x-www-form-urlencoded",
            (await PageSession.ParseAsync(response)).QuerySelector("[role=alert]")?.TextContent);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // chunked: no Content-Length to go by, so the body is read up to the limit
    public async Task RefuseAFormOverTheLimitWith413(bool withLength)
    {
        var page = await Dashboard();
        var body = $"Name={new string('a', InputCheckMiddleware.MaxFormBytes)}&__RequestVerificationToken={Uri.EscapeDataString(page.Token)}";
        HttpContent content = withLength
            ? new StringContent(body)
            : new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        content.Headers.ContentLength = withLength ? Encoding.ASCII.GetByteCount(body) : null;

        var response = await app.ClientFor("acme.localhost", app.Demo.Alice).PostAsync("/?handler=Create", content, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("The form is too large", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task RefuseMoreFieldsThanTheFormReaderTakesWith413NotAsAForgery()
    {
        var page = await Dashboard();

        var response = await page.PostRawAsync("/?handler=Create", string.Join('&', Enumerable.Range(0, 2000).Select(i => $"f{i}=1")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too many fields", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task HandTheCheckedFormOnIntact()
    {
        var page = await Dashboard();
        var name = $"Café ✓ 😀 {Guid.NewGuid():N}"[..24];

        var response = await page.PostFormAsync("Create", new() { ["Name"] = name });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM projects WHERE name = $1", name));
    }
}
