using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace TenantSite.KeyRing;

/// <summary>
/// The data-protection key ring (auth cookies, antiforgery tokens, the sign-in's state) in PostgreSQL, so that every
/// instance on the database reads what any other wrote. Never on local disk: an instance's container is thrown away,
/// and a key ring per process would make each instance refuse the others' cookies.
/// </summary>
public static class KeyRingExtensions
{
    public static IServiceCollection AddKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KeyRingOptions>()
            .Bind(configuration.GetSection(KeyRingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The table data_protection_keys is AppDbContext's (see there why); the store leases a context of its own.
        services.AddDataProtection().PersistKeysToDbContext<AppDbContext>();
        // What SetApplicationName does, read when first needed so that hosts (and test factories) can still configure it.
        services.AddOptions<DataProtectionOptions>()
            .Configure<IOptions<KeyRingOptions>>((o, keyRing) => o.ApplicationDiscriminator = keyRing.Value.ApplicationName);
        return services;
    }
}
