namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>
/// Keeps the context in an <see cref="AsyncLocal{T}"/>: what the middleware sets flows to everything it calls.
/// </summary>
public class AsyncLocalMultiTenantContextAccessor<TTenantInfo> : IMultiTenantContextSetter, IMultiTenantContextAccessor<TTenantInfo>
    where TTenantInfo : ITenantInfo
{
    private static readonly AsyncLocal<IMultiTenantContext<TTenantInfo>?> Current = new();

    /// <inheritdoc />
    public IMultiTenantContext<TTenantInfo> MultiTenantContext => Current.Value ??= new MultiTenantContext<TTenantInfo>(default);

    IMultiTenantContext IMultiTenantContextAccessor.MultiTenantContext => MultiTenantContext;

    IMultiTenantContext IMultiTenantContextSetter.MultiTenantContext
    {
        set => Current.Value = (IMultiTenantContext<TTenantInfo>)value;
    }
}
