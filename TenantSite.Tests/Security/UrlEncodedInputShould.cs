using System.Text;
using TenantSite.Security;

namespace TenantSite.Tests.Security;

/// <summary>The raw check of query strings and form bodies, before any framework decoder has hidden what was sent.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class UrlEncodedInputShould
{
    private static string? Problem(string raw, Func<string, bool>? multiline = null) =>
        UrlEncodedInput.FindProblem(Encoding.ASCII.GetBytes(raw), "form field", multiline ?? (_ => false));

    [Theory]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("Name=Acme+Inc&Slug=acme")]
    [InlineData("Title=caf%C3%A9")]
    [InlineData("Title=%F0%9F%98%80")] // an emoji: a surrogate pair in .NET, four valid bytes in UTF-8
    [InlineData("Title=%E2%80%AEevil")] // right-to-left override: a format character, shown as the user typed it
    [InlineData("Title=%EF%BF%BD")] // U+FFFD sent on purpose is text too
    [InlineData("a&=&b=&&c")] // empty names and values are not malformed
    public void AcceptWellFormedText(string raw) => Assert.Null(Problem(raw));

    [Theory]
    [InlineData("Name=a%00b", "U+0000")]
    [InlineData("Name=%01", "U+0001")]
    [InlineData("Name=a%09b", "U+0009")] // tab: single-line fields never need it
    [InlineData("Name=a%0Ab", "U+000A")]
    [InlineData("Name=a%0Db", "U+000D")]
    [InlineData("Name=%7F", "U+007F")]
    [InlineData("Name=%C2%85", "U+0085")] // C1 (NEL)
    [InlineData("Name=%C2%9F", "U+009F")]
    public void RefuseControlCharactersNamingTheFieldAndTheCharacter(string raw, string codePoint)
    {
        var problem = Problem(raw);
        Assert.NotNull(problem);
        Assert.Contains("“Name”", problem);
        Assert.Contains(codePoint, problem);
    }

    [Fact]
    public void AllowTabAndLineBreaksOnlyInMultilineFields()
    {
        static bool Multiline(string field) => field == "Notes";

        Assert.Null(Problem("Notes=one%0D%0Atwo%09three", Multiline));
        Assert.Contains("U+0000", Problem("Notes=one%00", Multiline));
        Assert.Contains("“Title”", Problem("Notes=ok&Title=one%0Atwo", Multiline));
    }

    [Theory]
    [InlineData("Name=%FF")]
    [InlineData("Name=%C0%AF")] // an overlong "/"
    [InlineData("Name=%ED%A0%80")] // a lone surrogate, as a careless encoder writes it
    [InlineData("Name=%ED%B0%80x")]
    [InlineData("Name=%F4%90%80%80")] // beyond U+10FFFF
    [InlineData("Name=%E2%82")] // cut short
    public void RefuseBytesThatAreNotUtf8(string raw) => Assert.Contains("not valid UTF-8", Problem(raw));

    [Theory]
    [InlineData("Name=%")]
    [InlineData("Name=100%")]
    [InlineData("Name=%ZZ")]
    [InlineData("Name=%4")]
    [InlineData("Na%G0me=x")]
    public void RefuseMalformedPercentEncoding(string raw) => Assert.Contains("two hexadecimal digits", Problem(raw));

    [Fact]
    public void RefuseAControlCharacterInAFieldName() =>
        Assert.StartsWith("A form field name contains a control character (U+0000)", Problem("a%00b=1"));

    [Fact]
    public void ShortenAnOverlongFieldNameInTheMessage()
    {
        var problem = Problem(new string('n', 5000) + "=%00");
        Assert.Contains(new string('n', 40) + "…", problem);
        Assert.True(problem!.Length < 200);
    }

    [Fact]
    public void ReadNonAsciiQueryTextAsTheUtf8ItWouldHaveBeenSentAs() =>
        Assert.Null(UrlEncodedInput.FindProblem("?q=café", "query parameter", _ => false));
}
