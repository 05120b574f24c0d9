using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using TenantSite.Data.Entities;
using TenantSite.Invitations;
using TenantSite.SmtpSink;
using TenantSite.Tests.Infrastructure;
using MembersPage = TenantSite.Pages.Org.Members.Index;

namespace TenantSite.Tests.Pages.Org.Members;

/// <summary>
/// Inviting with a mail server configured (a real SMTP sink): the link goes by email and not onto the page; a resend
/// emails a new one; a send the server refuses still leaves a working invitation, and the inviter gets the link instead.
/// </summary>
public sealed partial class IndexInvitationEmailsShould(MailingAppFactory app) : IClassFixture<MailingAppFactory>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EmailTheLinkThatLetsAnyAccountJoin(bool htmx)
    {
        var (slug, org, page) = await NewOrganizationAsync();
        var email = $"dana-{Guid.NewGuid():N}@example.com";

        var invite = await page.PostFormAsync("Invite", new() { ["Email"] = email, ["Role"] = Roles.Admin }, htmx);

        Assert.Equal(htmx ? HttpStatusCode.OK : HttpStatusCode.Redirect, invite.StatusCode);
        var answer = htmx ? await PageSession.ParseAsync(invite) : await page.ReloadAsync();
        Assert.Equal(MembersPage.InvitedMessage(email, Roles.Admin, emailed: true), Text(answer, htmx ? "#flash[hx-swap-oob=true]" : "#flash"));
        Assert.Null(answer.QuerySelector("#invitation-link-url"));
        var mail = await app.Mail.WaitForMessageToAsync(email);
        Assert.Equal($"Alice Anderson invited you to Org {slug} on TenantSite", mail.Subject);
        var link = LinkIn(mail.TextBody);
        Assert.Contains($"href=\"{link}\"", mail.HtmlBody);
        Assert.StartsWith($"http://localhost/join/{slug}/", link);

        var bob = await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Bob), new Uri(link).AbsolutePath);
        await bob.PostFormAsync("Accept");
        Assert.Equal(Roles.Admin, await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
            "SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2", org, app.Demo.Bob));
    }

    [Fact]
    public async Task EmailANewLinkOnResendThatReplacesTheOld()
    {
        var (slug, _, page) = await NewOrganizationAsync();
        var email = $"erin-{Guid.NewGuid():N}@example.com";
        await page.PostFormAsync("Invite", new() { ["Email"] = email }, htmx: true);
        var first = LinkIn((await app.Mail.WaitForMessageToAsync(email)).TextBody);
        var id = (await page.ReloadAsync()).QuerySelector("tr.invitation")!.GetAttribute("data-invitation-id");

        var resend = await page.PostFormAsync("Resend", htmx: true, query: $"id={id}");

        Assert.Equal(MembersPage.ResentMessage(email, emailed: true), Text(await PageSession.ParseAsync(resend), "#flash[hx-swap-oob=true]"));
        var second = LinkIn((await app.Mail.WaitForAsync(m => m.To.ToString().Contains(email) && LinkIn(m.TextBody) != first,
            TimeSpan.FromSeconds(10))).TextBody);
        var anyone = app.ClientFor("localhost");
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(new Uri(first).AbsolutePath, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync(new Uri(second).AbsolutePath, TestContext.Current.CancellationToken)).StatusCode);
        Assert.StartsWith($"http://localhost/join/{slug}/", second);
    }

    [Fact]
    public async Task ShowTheLinkWhenTheMailServerRefusesTheMessage()
    {
        var (_, org, page) = await NewOrganizationAsync();
        var email = $"fay@{MailSink.RefusedDomain}";

        var invite = await page.PostFormAsync("Invite", new() { ["Email"] = email }, htmx: true);

        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        var html = await PageSession.ParseAsync(invite);
        Assert.Equal(MembersPage.InvitedMessage(email, Roles.Member, emailed: false), Text(html, "#flash[hx-swap-oob=true]"));
        Assert.StartsWith(InvitationMail.NotSentProblem, Text(html, "#invitation-link-help"));
        var link = html.QuerySelector("#invitation-link-url")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.OK,
            (await app.ClientFor("localhost").GetAsync(new Uri(link).AbsolutePath, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(1L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM invitations WHERE organization_id = $1 AND accepted_at IS NULL", org));
    }

    private async Task<(string Slug, Guid Org, PageSession Page)> NewOrganizationAsync()
    {
        var slug = TestOrganizations.NewSlug("mail");
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner));
        return (slug, org, await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", app.Demo.Alice), "/members"));
    }

    private static string LinkIn(string? text) => JoinLink().Match(text ?? "").Value;

    [GeneratedRegex(@"http://localhost/join/\S+")]
    private static partial Regex JoinLink();

    private static string Text(IParentNode html, string selector) =>
        string.Join(' ', (html.QuerySelector(selector)?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
