using Microsoft.AspNetCore.Http;
using TenantSite.Tenancy.MultiTenant.Abstractions;
using TenantSite.Tenancy.MultiTenant.AspNetCore;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Extensions;
using TenantSite.Tenancy.MultiTenant.Extensions;

namespace TenantSite.Tests.Tenancy.MultiTenant.AspNetCore;

/// <summary>The middleware with the builder's registrations: base path strategy, one store.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class MultiTenantMiddlewareShould
{
    private static readonly TenantInfo Acme = new() { Id = "1", Identifier = "acme", Name = "Acme" };

    private sealed record Seen(IMultiTenantContext<TenantInfo> FromAccessor, IMultiTenantContext<TenantInfo> FromHttpContext,
        string PathBase, string Path);

    private static async Task<Seen> RunAsync(string path, bool rebase = true)
    {
        var services = new ServiceCollection();
        services.AddMultiTenant<TenantInfo>()
            .WithBasePathStrategy(o => o.RebaseAspNetCorePathBase = rebase)
            .WithStore(ServiceLifetime.Singleton, _ => new ListStore(Acme));
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Path = path;

        Seen? seen = null;
        await new MultiTenantMiddleware(c =>
        {
            seen = new Seen(c.RequestServices.GetRequiredService<IMultiTenantContextAccessor<TenantInfo>>().MultiTenantContext,
                c.GetMultiTenantContext<TenantInfo>(), c.Request.PathBase.Value ?? "", c.Request.Path.Value ?? "");
            return Task.CompletedTask;
        }).Invoke(context);
        return seen!;
    }

    [Fact]
    public async Task MakeTheTenantCurrentForEverythingDownstream()
    {
        var seen = await RunAsync("/acme/projects");
        Assert.Same(Acme, seen.FromAccessor.TenantInfo);
        Assert.Same(seen.FromAccessor, seen.FromHttpContext);
    }

    [Fact]
    public async Task MoveTheTenantSegmentIntoPathBase()
    {
        var seen = await RunAsync("/acme/projects/7");
        Assert.Equal(("/acme", "/projects/7"), (seen.PathBase, seen.Path));
    }

    [Fact]
    public async Task LeaveThePathAloneWhenRebasingIsOff()
    {
        var seen = await RunAsync("/acme/projects", rebase: false);
        Assert.True(seen.FromAccessor.IsResolved);
        Assert.Equal(("", "/acme/projects"), (seen.PathBase, seen.Path));
    }

    [Fact]
    public async Task CarryOnUnresolvedWithThePathUnchanged()
    {
        var seen = await RunAsync("/nosuch/projects");
        Assert.False(seen.FromHttpContext.IsResolved);
        Assert.Equal(("", "/nosuch/projects"), (seen.PathBase, seen.Path));
    }
}
