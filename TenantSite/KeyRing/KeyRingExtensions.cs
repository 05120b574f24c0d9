using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace TenantSite.KeyRing;

/// <summary>
/// The data-protection key ring (auth cookies, antiforgery tokens, the sign-in's state) in PostgreSQL, so that every
/// instance on the database reads what any other wrote. Never on local disk: an instance's container is thrown away,
/// and a key ring per process would make each instance refuse the others' cookies. With a certificate configured
/// (required outside Development and Testing) every key is stored encrypted to it.
/// </summary>
public static class KeyRingExtensions
{
    public static IServiceCollection AddKeyRing(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(KeyRingOptions.Section);
        services.AddOptions<KeyRingOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The table data_protection_keys is AppDbContext's (see there why); the store leases a context of its own.
        var dataProtection = services.AddDataProtection().PersistKeysToDbContext<AppDbContext>();
        var certificates = KeyRingCertificates.Load(section.Get<KeyRingOptions>() ?? new KeyRingOptions());
        if (certificates.Current is { } current)
        {
            // New keys are encrypted to the current certificate; stored keys are read with whichever one encrypted them.
            dataProtection.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([.. certificates.All]);
        }
        services.AddSingleton<IValidateOptions<KeyRingOptions>>(new KeyRingCertificates.Check(certificates, environment));
        // What SetApplicationName does, read when first needed so that hosts (and test factories) can still configure it.
        services.AddOptions<DataProtectionOptions>()
            .Configure<IOptions<KeyRingOptions>>((o, keyRing) => o.ApplicationDiscriminator = keyRing.Value.ApplicationName);
        return services;
    }
}
