using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.Options;
using TenantSite.KeyRing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.KeyRing;

/// <summary>
/// With <c>DataProtection:Certificate</c> the key ring in PostgreSQL is encrypted at rest: instances with the certificate
/// share it, the table without the certificate unprotects nothing, and outside Development and Testing the app does
/// not start without one.
/// </summary>
public sealed class KeyRingCertificateShould(CertifiedInstances instances, PostgresServer postgres) : IClassFixture<CertifiedInstances>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoreEveryKeyEncryptedToTheCertificate()
    {
        var keys = await KeysAsync();

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret", xml);
            Assert.Contains("<EncryptedData", xml);
            // What an unprotected key stores instead: the key material itself, base64, in <masterKey><value>.
            Assert.DoesNotContain("<masterKey", xml);
            Assert.DoesNotContain("<value>", xml);
        });
    }

    [Fact]
    public void ReadOnOneInstanceTheSessionCookiesAnotherWrote()
    {
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], "test")),
            CookieAuthenticationDefaults.AuthenticationScheme);

        var cookie = CookieFormat(instances.A).Protect(ticket);

        Assert.Equal("alice", CookieFormat(instances.B).Unprotect(cookie)?.Principal.Identity?.Name);
    }

    [Fact]
    public async Task AcceptOnOneInstanceTheAntiforgeryTokenAnotherIssued()
    {
        var switcher = new Switch(instances.A, instances.B);
        using var client = new HttpClient(new CookieContainerHandler { InnerHandler = switcher }) { BaseAddress = new Uri("http://acme.localhost") };
        client.DefaultRequestHeaders.Add(TestAuthHandler.Header, instances.A.Demo.Alice.ToString());
        var home = await PageSession.OpenAsync(client, "/");
        var name = $"Certified {Guid.NewGuid():N}"[..24];

        switcher.ToB = true;
        using var created = await home.PostFormAsync("create", new() { ["Name"] = name }, htmx: true);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(1L, await TestOrganizations.ScalarAsync<long>(instances.AdminConnectionString,
            "SELECT count(*) FROM projects WHERE name = $1", name));
    }

    [Fact]
    public async Task UnprotectNothingWithTheTableAlone()
    {
        var before = await KeysAsync();
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], "test")),
            CookieAuthenticationDefaults.AuthenticationScheme);
        var cookie = CookieFormat(instances.A).Protect(ticket);
        var secret = Protector(instances.A).Protect("for the certificate's holders");

        Assert.Null(CookieFormat(instances.WithoutCertificate).Unprotect(cookie));
        Assert.ThrowsAny<CryptographicException>(() => Protector(instances.WithoutCertificate).Unprotect(secret));
        Assert.Equal(before, await KeysAsync()); // it read the same keys, and added none of its own
    }

    [Fact]
    public async Task RefuseToStartInProductionWithoutACertificate()
    {
        await using var production = new ProductionApp(postgres);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => production.InitializeAsync().AsTask());

        Assert.Contains("DataProtection:Certificate:Path is required in Production: the data-protection keys (session cookies, " +
            "antiforgery tokens) are stored in PostgreSQL and must be encrypted there with a certificate.", error.Message);
    }

    [Fact]
    public void SayWhatIsWrongWithEachUnusableCertificateFile()
    {
        var (path, password) = TestCertificates.CreatePfx("wrong password");
        var options = new KeyRingOptions
        {
            Certificate = new() { Path = path, Password = "not " + password },
            PreviousCertificates =
            [
                new() { Path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pfx") },
                new() { Path = TestCertificates.CreatePfxWithoutPrivateKey("pw"), Password = "pw" },
                new() { Path = TestCertificates.CreateEcdsaPfx("pw"), Password = "pw" },
            ],
        };

        var certificates = KeyRingCertificates.Load(options);

        Assert.Null(certificates.Current);
        Assert.Collection(certificates.Errors,
            e => Assert.StartsWith($"DataProtection:Certificate:Path: {path} could not be read as a PKCS#12 (.pfx) file with DataProtection:Certificate:Password (", e),
            e => Assert.StartsWith("DataProtection:PreviousCertificates:0:Path: there is no file at ", e),
            e => Assert.EndsWith("holds no RSA private key; the key ring needs an RSA certificate with its private key.", e),
            e => Assert.EndsWith("holds no RSA private key; the key ring needs an RSA certificate with its private key.", e));
        Assert.All(certificates.Errors, e => Assert.DoesNotContain(password, e));
    }

    private static ISecureDataFormat<AuthenticationTicket> CookieFormat(TenantSiteFactory instance) =>
        instance.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme).TicketDataFormat;

    private static IDataProtector Protector(TenantSiteFactory instance) =>
        instance.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("TenantSite.Tests.KeyRing");

    private async Task<List<string>> KeysAsync()
    {
        var source = AdminSources.For(instances.AdminConnectionString);
        var rows = await Sql.QueryWithoutTenantAsync(source, "SELECT xml FROM data_protection_keys ORDER BY id");
        return rows.Select(r => (string)r[0]!).ToList();
    }

    // Sends to A until told to send to B, as a load balancer may.
    private sealed class Switch(TenantSiteFactory a, TenantSiteFactory b) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _a = new(a.Server.CreateHandler());
        private readonly HttpMessageInvoker _b = new(b.Server.CreateHandler());

        public bool ToB { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            (ToB ? _b : _a).SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _a.Dispose();
                _b.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    // The app in Production with everything it needs but the key ring's certificate.
    private sealed class ProductionApp(PostgresServer postgres) : TenantSiteFactory(postgres, new OnHostBuilder(b => b.UseEnvironment("Production")));
}
