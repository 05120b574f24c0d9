namespace TenantSite.Tenancy;

/// <summary>Configuration section <c>Tenancy</c>.</summary>
public sealed class TenancyOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Tenancy";

    /// <summary>
    /// The domain tenants live under: <c>app.example</c> in production, <c>localhost</c> in development.
    /// <c>{slug}.{RootDomain}</c> is host mode; <c>{RootDomain}/org/{slug}</c> is path mode.
    /// </summary>
    public string RootDomain { get; set; } = "localhost";

    /// <summary>The first path segment of path mode.</summary>
    public string PathPrefix { get; set; } = "org";

    /// <summary>How long a resolved tenant stays cached (invalidated early on rename and delete).</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long "no such tenant" is cached, so a flood of unknown slugs does not reach the database.</summary>
    public TimeSpan NegativeCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
