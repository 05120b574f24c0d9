using TenantSite.Data.Entities;
using TenantSite.Tenancy;

namespace TenantSite.Tests.Security;

/// <summary>The corpus file itself: big enough, every entry readable, and no entry an ordinary request in disguise.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class HostileInputsShould
{
    private static readonly HostileInputs Inputs = HostileInputs.Load();

    [Fact]
    public void HoldAtLeast300EntriesInEverySectionTheCorpusTestsUse()
    {
        Assert.True(Inputs.All.Count() >= 300, $"{Inputs.All.Count()} entries");
        foreach (var section in new[] { "value", "id", "target", "token", "content-type", "body", "query", "method", "host", "forwarded", "header" })
            Assert.NotEmpty(Inputs[section]);
        Assert.Empty(Inputs.Sections.Except(["value", "id", "target", "token", "content-type", "body", "query", "method", "host", "forwarded", "header"]));
    }

    [Fact]
    public void NameEveryEntryOnceInItsSectionAndDecodeIt()
    {
        foreach (var section in Inputs.Sections)
            Assert.Equal(Inputs[section].Select(e => e.Name), Inputs[section].Select(e => e.Name).Distinct());
        foreach (var entry in Inputs.All.Where(e => !e.IsSpecial)) _ = entry.Value("original");
    }

    // A valid slug would move the organization under attack, a valid role would change a member: ordinary writes.
    [Fact]
    public void HoldNoValueThatIsAValidSlugOrRole()
    {
        Assert.DoesNotContain(Inputs["value"], v => Slug.Validate(v.Value().Trim().ToLowerInvariant()) is null);
        Assert.DoesNotContain(Inputs["value"], v => Roles.IsValid(v.Value().Trim()));
    }

    // Not as [InlineData]: attribute arguments are stored as UTF-8, which cannot hold a lone surrogate.
    [Fact]
    public void ApplyTheEscapes()
    {
        Assert.Equal("a\0b", HostileInputs.Decode(@"a\0b"));
        Assert.Equal("\u0085\u202E\uD800 \t\\", HostileInputs.Decode(@"\x85\u202E\uD800\s\t\\"));
        Assert.Equal("id=ORIG'", HostileInputs.Decode(@"id=\orig'", "ORIG"));
        Assert.Equal("pad=ab ab ab ", HostileInputs.Decode(@"pad=\repeat 3 ab\s"));
    }

    [Fact]
    public void EncodeAsUtf8BytesALoneSurrogateIncluded()
    {
        Assert.Equal("a%20b%2F%C3%A9", HostileInputs.Encode("a b/é"));
        Assert.Equal("%F0%9F%98%80", HostileInputs.Encode("😀"));
        Assert.Equal("%ED%A0%80x", HostileInputs.Encode("\uD800x")); // what a careless encoder sends for a lone surrogate
        Assert.Equal("%00", HostileInputs.Encode("\0"));
    }
}
