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
}
