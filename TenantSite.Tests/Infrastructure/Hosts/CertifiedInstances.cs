using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// Two app hosts, <see cref="A"/> and <see cref="B"/>, on a database of their own, both configured with one key-ring
/// certificate made for the fixture; and <see cref="WithoutCertificate"/>, a third on the same database with the
/// table alone: no certificate, and no key of its own (it would be stored in the clear).
/// </summary>
public sealed class CertifiedInstances(PostgresServer postgres) : IAsyncLifetime
{
    public (string Path, string Password) Certificate { get; } = TestCertificates.CreatePfx("TenantSite key ring");

    public Instance A { get; private set; } = null!;
    public Instance B { get; private set; } = null!;
    public Instance WithoutCertificate { get; private set; } = null!;

    public string AdminConnectionString => A.AdminConnectionString;

    public async ValueTask InitializeAsync()
    {
        var certified = new Dictionary<string, string?>
        {
            ["DataProtection:Certificate:Path"] = Certificate.Path,
            ["DataProtection:Certificate:Password"] = Certificate.Password,
        };
        // One after the other: A makes the first key, B and the third find it.
        A = new Instance(postgres, database: null, certified, makesKeys: true);
        await A.InitializeAsync();
        B = new Instance(postgres, A.Database, certified, makesKeys: true);
        await B.InitializeAsync();
        WithoutCertificate = new Instance(postgres, A.Database, new Dictionary<string, string?>(), makesKeys: false);
        await WithoutCertificate.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (WithoutCertificate is not null) await WithoutCertificate.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
    }

    /// <summary>One host (test sign-in) on a database of its own or the one given.</summary>
    public sealed class Instance(PostgresServer postgres, string? database, IDictionary<string, string?> settings, bool makesKeys)
        : TenantSiteFactory(postgres,
        [
            new AppSettings(settings),
            new TestServices(s =>
            {
                if (!makesKeys) s.Configure<KeyManagementOptions>(o => o.AutoGenerateKeys = false);
            }),
            .. OnDatabase.If(database),
        ]);
}
