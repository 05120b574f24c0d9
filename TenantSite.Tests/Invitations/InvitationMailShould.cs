using TenantSite.Invitations;

namespace TenantSite.Tests.Invitations;

[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class InvitationMailShould
{
    private static readonly InvitationLetter Letter = new("dana@example.com", "Acme <b>Inc</b>", "acme", "admin", "Alice & Co",
        new DateTimeOffset(2026, 12, 5, 18, 30, 0, TimeSpan.Zero));

    [Fact]
    public void SayWhoInvitesWhomWhereAsWhatAndUntilWhen()
    {
        var message = InvitationMail.Compose(Letter, "http://localhost/join/acme/TOKEN");

        Assert.Equal("dana@example.com", message.To);
        Assert.Equal("Alice & Co invited you to Acme <b>Inc</b> on TenantSite", message.Subject);
        Assert.Contains("Alice & Co invited you to join Acme <b>Inc</b> on TenantSite as admin.", message.TextBody);
        Assert.Contains("until 5 December 2026, 18:30 UTC", message.TextBody);
        Assert.Contains("\nhttp://localhost/join/acme/TOKEN\n", message.TextBody.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void EncodeNamesInTheHtmlPart()
    {
        var html = InvitationMail.Compose(Letter, "http://localhost/join/acme/TOKEN?a=1&b=2").HtmlBody;

        Assert.Contains("Alice &amp; Co", html);
        Assert.Contains("Acme &lt;b&gt;Inc&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>Inc</b>", html);
        Assert.Contains("href=\"http://localhost/join/acme/TOKEN?a=1&amp;b=2\"", html);
    }
}
