using Microsoft.AspNetCore.Http;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Strategies;

namespace TenantSite.Tests.Tenancy.MultiTenant.AspNetCore.Strategies;

[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class BasePathStrategyShould
{
    private static Task<string?> Identify(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        return new BasePathStrategy().GetIdentifierAsync(context);
    }

    [Theory]
    [InlineData("/acme", "acme")]
    [InlineData("/acme/", "acme")]
    [InlineData("/acme/projects/7", "acme")]
    [InlineData("/ACME/projects", "ACME")]
    public async Task FindTheFirstSegment(string path, string expected) => Assert.Equal(expected, await Identify(path));

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task FindNothingWithoutASegment(string path) => Assert.Null(await Identify(path));

    [Fact]
    public async Task FindNothingOutsideAnHttpRequest() => Assert.Null(await new BasePathStrategy().GetIdentifierAsync(new object()));
}
