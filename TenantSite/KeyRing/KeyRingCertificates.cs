using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace TenantSite.KeyRing;

/// <summary>
/// The certificates of <see cref="KeyRingOptions"/>, loaded when the services are registered (data protection takes
/// them as objects). A file that cannot be used is not thrown at once but reported by <see cref="Check"/> when the
/// host starts, so that commands such as <c>migrate</c>, which never touch the key ring, run without it.
/// </summary>
public sealed class KeyRingCertificates
{
    private readonly List<string> _errors = [];

    private KeyRingCertificates()
    {
    }

    /// <summary>The certificate that encrypts new keys; null when none is configured (or it could not be loaded).</summary>
    public X509Certificate2? Current { get; private set; }

    /// <summary>Every certificate that may decrypt a stored key: <see cref="Current"/> and the previous ones.</summary>
    public List<X509Certificate2> All { get; } = [];

    /// <summary>True when <c>DataProtection:Certificate:Path</c> is set.</summary>
    public bool IsConfigured { get; private set; }

    /// <summary>What is wrong with the configured files, one message each, naming the setting.</summary>
    public IReadOnlyList<string> Errors => _errors;

    public static KeyRingCertificates Load(KeyRingOptions options)
    {
        var certificates = new KeyRingCertificates();
        if (options.Certificate is { Path: { Length: > 0 } })
        {
            certificates.IsConfigured = true;
            certificates.Current = certificates.Read(options.Certificate, $"{KeyRingOptions.Section}:Certificate");
        }
        for (var i = 0; i < options.PreviousCertificates.Count; i++)
            certificates.Read(options.PreviousCertificates[i], $"{KeyRingOptions.Section}:PreviousCertificates:{i}");
        return certificates;
    }

    private X509Certificate2? Read(KeyRingCertificateOptions file, string key)
    {
        if (string.IsNullOrWhiteSpace(file.Path))
        {
            _errors.Add($"{key}:Path is empty.");
            return null;
        }
        if (!File.Exists(file.Path))
        {
            _errors.Add($"{key}:Path: there is no file at {file.Path}.");
            return null;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(file.Path, file.Password);
        }
        catch (CryptographicException e)
        {
            // The loader's message says whether the password or the format was wrong; it never holds the password.
            _errors.Add($"{key}:Path: {file.Path} could not be read as a PKCS#12 (.pfx) file with {key}:Password ({e.Message}).");
            return null;
        }
        // Data protection encrypts keys to the certificate with RSA, and reads them back with its private key.
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            _errors.Add($"{key}:Path: {file.Path} holds no RSA private key; the key ring needs an RSA certificate with its private key.");
            certificate.Dispose();
            return null;
        }
        All.Add(certificate);
        return certificate;
    }

    /// <summary>
    /// Fails the host's start (with <see cref="KeyRingOptions"/>' validation) on an unusable file, and on a missing
    /// certificate outside Development and Testing.
    /// </summary>
    public sealed class Check(KeyRingCertificates certificates, IHostEnvironment environment) : IValidateOptions<KeyRingOptions>
    {
        public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
        {
            if (certificates.Errors.Count > 0) return ValidateOptionsResult.Fail(certificates.Errors);
            if (certificates.IsConfigured || environment.IsDevelopment() || environment.IsEnvironment("Testing"))
                return ValidateOptionsResult.Success;
            return ValidateOptionsResult.Fail(
                $"{KeyRingOptions.Section}:Certificate:Path is required in {environment.EnvironmentName}: the data-protection " +
                "keys (session cookies, antiforgery tokens) are stored in PostgreSQL and must be encrypted there with a " +
                $"certificate. Set {KeyRingOptions.Section}:Certificate:Path to a .pfx file with an RSA key and " +
                $"{KeyRingOptions.Section}:Certificate:Password (see the README, \"Key ring\").");
        }
    }
}
