using System.Security.Cryptography;
using System.Text;
using TenantSite.Invitations;

namespace TenantSite.Tests.Invitations;

[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class InvitationTokenShould
{
    [Fact]
    public void BeRandomUrlSafeAndStoredOnlyAsItsHash()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => InvitationToken.Create()).ToList();

        Assert.All(tokens, t => Assert.Matches("^[a-z2-7]{52}$", t.Token));
        Assert.All(tokens, t => Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(t.Token)), t.Hash));
        Assert.All(tokens, t => Assert.Equal(t.Hash, InvitationToken.Hash(t.Token)));
        Assert.Equal(100, tokens.Select(t => t.Token).Distinct().Count());
    }

    // Links are lower-cased on the way (ASP.NET Core's lower-case URLs, some mail clients); upper-casing changes nothing either.
    [Fact]
    public void ReadAnUpperCasedCopyAsTheSameToken()
    {
        var (token, hash) = InvitationToken.Create();

        Assert.Equal(hash, InvitationToken.Hash(token.ToUpperInvariant()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-")]
    [InlineData("äaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void RefuseWhatCannotBeAToken(string? token) => Assert.Null(InvitationToken.Hash(token));
}
