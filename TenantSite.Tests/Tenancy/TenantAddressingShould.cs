using Microsoft.AspNetCore.Http;
using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant;
using TenantSite.Tenancy.MultiTenant.Abstractions;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Strategies;

namespace TenantSite.Tests.Tenancy;

/// <summary>
/// The policy's event handlers alone (the middleware's answers, 400 and 404 in both modes, are proved over HTTP by
/// Pages/TenantResolutionShould).
/// </summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class TenantAddressingShould
{
    private static readonly HostStrategy Host = new("__tenant__.localhost");
    private static readonly BasePathStrategy BasePath = new();

    // Inside the middleware, as in the app: it decides the mode (and moves /org into PathBase) before resolution.
    private static async Task<string?> AfterPolicy(IMultiTenantStrategy strategy, string identifier, string path = "/", bool pathMode = false)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(pathMode ? "localhost" : "acme.localhost");
        context.Request.Path = pathMode ? "/org" + path : path;
        var found = new StrategyResolveCompletedContext { Context = context, Strategy = strategy, Identifier = identifier };
        var addressing = new TenantAddressing(_ => TenantAddressing.OnStrategyResolveCompleted(found), new RootDomain("localhost"),
            Microsoft.Extensions.Options.Options.Create(new TenancyOptions()));
        await addressing.InvokeAsync(context);
        return found.Identifier;
    }

    [Theory]
    [InlineData("ACME", "acme")]
    [InlineData("my-org-2", "my-org-2")]
    public async Task FoldIdentifiersToLowerCase(string identifier, string expected) =>
        Assert.Equal(expected, await AfterPolicy(Host, identifier));

    [Theory]
    [InlineData("ab")]
    [InlineData("-acme")]
    [InlineData("acme_corp")]
    [InlineData("acme%2Fx")]
    [InlineData("xn--caf-dma\u00e9")]
    [InlineData("\u212Aey")] // the Kelvin sign lower-cases to an ASCII "k"
    [InlineData("\u212Aite")]
    public async Task DropIdentifiersNoSlugCouldHaveBeforeTheStoreIsAsked(string identifier) =>
        Assert.Null(await AfterPolicy(Host, identifier));

    [Fact]
    public async Task LetTheBasePathStrategyNameATenantOnlyInPathMode()
    {
        Assert.Null(await AfterPolicy(BasePath, "acme", "/acme/projects"));
        Assert.Equal("acme", await AfterPolicy(BasePath, "acme", "/acme/projects", pathMode: true));
    }

    [Fact]
    public async Task TakeOnlyTheVeryFirstSegmentInPathMode() =>
        Assert.Null(await AfterPolicy(BasePath, "acme", "//acme", pathMode: true));

    [Fact]
    public async Task LeaveAPathBaseThatDoesNotEndInTheSlugAlone()
    {
        var context = new DefaultHttpContext();
        context.Request.PathBase = "/org";
        await TenantAddressing.OnTenantResolveCompleted(Resolved(context));
        Assert.Equal("/org", context.Request.PathBase.Value);
    }

    private static TenantResolveCompletedContext<OrganizationTenantInfo> Resolved(HttpContext context) => new()
    {
        Context = context,
        MultiTenantContext = new MultiTenantContext<OrganizationTenantInfo>(new OrganizationTenantInfo(Guid.NewGuid(), "acme", "Acme"),
            new StrategyInfo { Strategy = BasePath }, null),
    };

    [Fact]
    public async Task GiveThePathBaseTheCanonicalSlug()
    {
        var context = new DefaultHttpContext();
        context.Request.PathBase = "/org/ACME";
        var resolved = new TenantResolveCompletedContext<OrganizationTenantInfo>
        {
            Context = context,
            MultiTenantContext = new MultiTenantContext<OrganizationTenantInfo>(new OrganizationTenantInfo(Guid.NewGuid(), "acme", "Acme"),
                new StrategyInfo { Strategy = BasePath }, null),
        };
        await TenantAddressing.OnTenantResolveCompleted(resolved);
        Assert.Equal("/org/acme", context.Request.PathBase.Value);
    }
}
