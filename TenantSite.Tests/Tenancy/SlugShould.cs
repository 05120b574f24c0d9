using TenantSite.Tenancy;

namespace TenantSite.Tests.Tenancy;

[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class SlugShould
{
    [Theory]
    [InlineData("acme")]
    [InlineData("a1b")]
    [InlineData("my-org")]
    [InlineData("abc--d")]
    [InlineData("x123456789012345678901234567890123456789012345678901234567890yz")]
    public void AcceptWellFormedSlugs(string slug) => Assert.Null(Slug.Validate(slug));

    [Theory]
    [InlineData("", "Enter")]
    [InlineData("ab", "at least 3")]
    [InlineData("x1234567890123456789012345678901234567890123456789012345678901yz", "at most 63")]
    [InlineData("-acme", "hyphen")]
    [InlineData("acme-", "hyphen")]
    [InlineData("Acme", "lowercase")]
    [InlineData("ac me", "lowercase")]
    [InlineData("acmé", "lowercase")]
    [InlineData("xn--caf-dma", "two hyphens")]
    [InlineData("ab--c", "two hyphens")]
    [InlineData("www", "reserved")]
    [InlineData("onboarding", "reserved")]
    [InlineData("signin", "reserved")]
    public void ExplainWhyASlugIsRejected(string slug, string reason) =>
        Assert.Contains(reason, Slug.Validate(slug));

    [Theory]
    [InlineData("Acme Inc.", "acme-inc")]
    [InlineData("  Café & Co  ", "cafe-co")]
    [InlineData("R&D / Lab_42", "r-d-lab-42")]
    public void SuggestASlugFromAName(string name, string expected) => Assert.Equal(expected, Slug.Suggest(name));
}
