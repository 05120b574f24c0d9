using TenantSite.Observability;

namespace TenantSite.Tests.Observability;

/// <summary>The credentials found in text as log lines and paths hold them, and the text around them kept.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class SecretTextShould
{
    private const string Key = "ts_abcdefghijkl_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG-_";

    [Theory]
    [InlineData("for the request path '/join/acme/abc234' does not match", "for the request path '/join/acme/{token}' does not match")]
    [InlineData("RequestPath:/JOIN/acme/ABC234 RequestId:0HN1", "RequestPath:/JOIN/acme/{token} RequestId:0HN1")]
    [InlineData("/signin?returnUrl=%2Fjoin%2Facme%2Fabc234", "/signin?returnUrl=%2Fjoin%2Facme%2F{token}")]
    [InlineData("/join/acme/abc234?x=1#top", "/join/acme/{token}?x=1#top")]
    [InlineData("Bearer " + Key, "Bearer ts_abcdefghijkl_{secret}")]
    [InlineData("/api/v1/projects?api_key=" + Key + "&limit=5", "/api/v1/projects?api_key=ts_abcdefghijkl_{secret}&limit=5")]
    [InlineData("with value '" + Key + "' for", "with value 'ts_abcdefghijkl_{secret}' for")]
    public void ReplaceEachCredentialAndKeepTheRest(string text, string redacted) => Assert.Equal(redacted, SecretText.Redact(text));

    [Theory]
    [InlineData("/projects/1")]
    [InlineData("alice joined the organization")]
    [InlineData("/join/acme/")]
    [InlineData("key ts_abcdefghijkl (revoked)")] // a prefix alone is public
    [InlineData("posts_abcdefghijkl_notakey")]
    public void LeaveTextWithoutACredentialAsItIs(string text) => Assert.Same(text, SecretText.Redact(text));
}
