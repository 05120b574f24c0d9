using System.ComponentModel.DataAnnotations;

namespace TenantSite.KeyRing;

/// <summary>Configuration section <c>DataProtection</c>.</summary>
public sealed class KeyRingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "DataProtection";

    /// <summary>
    /// Isolates the key ring: only instances with the same name read each other's cookies and antiforgery tokens, so
    /// two deployments on one database (staging and production, say) must use different names.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "DataProtection:ApplicationName must not be empty.")]
    [MaxLength(100, ErrorMessage = "DataProtection:ApplicationName must be at most {1} characters.")]
    public string ApplicationName { get; set; } = "TenantSite";

    /// <summary>
    /// <c>DataProtection:Certificate</c>: the certificate whose public key encrypts every key the ring stores, so the
    /// table (and its backups) alone unprotects nothing. Required outside Development and Testing.
    /// </summary>
    public KeyRingCertificateOptions? Certificate { get; set; }

    /// <summary>
    /// <c>DataProtection:PreviousCertificates:{n}</c>: certificates rotated out, kept only to read the keys they
    /// encrypted until those keys have expired.
    /// </summary>
    public List<KeyRingCertificateOptions> PreviousCertificates { get; set; } = [];
}

/// <summary>A PKCS#12 (.pfx) file with an RSA certificate and its private key.</summary>
public sealed class KeyRingCertificateOptions
{
    /// <summary>The file's path.</summary>
    public string? Path { get; set; }

    /// <summary>The file's password (empty for none); from a secret store, never from a file in the repository.</summary>
    public string? Password { get; set; }
}
