using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// Self-signed certificates made at run time as .pfx files (with a password), for the key ring's
/// <c>DataProtection:Certificate</c>: none is committed, and each run has its own.
/// </summary>
public static class TestCertificates
{
    private static readonly Lazy<(string Path, string Password)> SharedFile = new(() => CreatePfx("TenantSite tests"));

    /// <summary>One for the whole run, for hosts that merely need one (outside Development and Testing).</summary>
    public static (string Path, string Password) Shared => SharedFile.Value;

    /// <summary>A new RSA certificate with its private key, written to a .pfx file of its own.</summary>
    public static (string Path, string Password) CreatePfx(string subject)
    {
        using var rsa = RSA.Create(2048);
        using var certificate = Request(subject, rsa).CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        var password = Guid.NewGuid().ToString("N");
        return (Write(certificate.Export(X509ContentType.Pfx, password)), password);
    }

    /// <summary>A .pfx file (password <paramref name="password"/>) that holds the certificate alone, without its private key.</summary>
    public static string CreatePfxWithoutPrivateKey(string password)
    {
        using var rsa = RSA.Create(2048);
        using var withKey = Request("no private key", rsa).CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        using var publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);
        return Write(publicOnly.Export(X509ContentType.Pfx, password));
    }

    /// <summary>A .pfx file with an ECDSA certificate and its key: not one data protection can encrypt keys to.</summary>
    public static string CreateEcdsaPfx(string password)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=ecdsa", ecdsa, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        return Write(certificate.Export(X509ContentType.Pfx, password));
    }

    private static CertificateRequest Request(string subject, RSA rsa) =>
        new($"CN={subject}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    private static string Write(byte[] pfx)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("tenantsite-keyring-").FullName, "keyring.pfx");
        File.WriteAllBytes(path, pfx);
        return path;
    }
}
