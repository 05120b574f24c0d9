using TenantSite.Auth;
using TenantSite.Data;
using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// The app's own services for one request of a member inside their organization, as the membership check leaves them:
/// the user and the organization in the request's <see cref="DataScope"/>, the membership read and confirmed
/// (<see cref="CurrentMemberships"/>). For the commands (TenantSite/Org) against the real database, without HTTP.
/// </summary>
public sealed class MemberScope : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;

    private MemberScope(AsyncServiceScope scope) => _scope = scope;

    /// <summary>Enters <paramref name="organization"/> as <paramref name="user"/>, who must be a member of it.</summary>
    public static async Task<MemberScope> EnterAsync(TenantSiteFactory app, Guid organization, Guid user)
    {
        var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var data = services.GetRequiredService<DataScope>();
        data.SetUser(user);
        // The tenant as the tenancy middleware resolves it, for the membership check only: it stays in this async flow.
        services.GetRequiredService<IMultiTenantContextSetter>().MultiTenantContext =
            new MultiTenantContext<OrganizationTenantInfo>(new OrganizationTenantInfo(organization, "test", "Test"));
        var membership = await services.GetRequiredService<CurrentMemberships>().GetCurrentAsync(TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException($"{user} is no member of {organization}.");
        data.EnterOrganization(membership.OrganizationId);
        return new MemberScope(scope);
    }

    /// <summary>A service of this request (a command's handler, its <see cref="AppDbContext"/>).</summary>
    public T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _scope.DisposeAsync();
}
