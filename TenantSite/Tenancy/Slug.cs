using System.Collections.Frozen;
using System.Text;

namespace TenantSite.Tenancy;

/// <summary>Rules for organization slugs, which appear in host names and paths.</summary>
public static class Slug
{
    /// <summary>Shortest allowed slug.</summary>
    public const int MinLength = 3;

    /// <summary>Longest allowed slug: one DNS label.</summary>
    public const int MaxLength = 63;

    /// <summary>Names that belong to the product itself (subdomains and root paths), never to a tenant.</summary>
    public static readonly FrozenSet<string> Reserved = new[]
    {
        "www", "app", "api", "admin", "administrator", "auth", "org", "orgs", "static", "assets", "cdn", "lib",
        "signin", "signout", "signup", "login", "logout", "register", "onboarding", "account", "accounts",
        "settings", "billing", "support", "help", "docs", "status", "mail", "email", "smtp", "ftp", "root",
        "system", "internal", "dashboard", "new", "healthz", "readyz", "health", "metrics", "error", "errors", "null",
        "undefined", "test", "localhost", "tenantsite",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True when <paramref name="value"/> has a slug's shape: 3–63 of [a-z0-9-], no hyphen at either end.</summary>
    public static bool IsWellFormed(string? value)
    {
        if (value is null || value.Length is < MinLength or > MaxLength) return false;
        if (value[0] == '-' || value[^1] == '-') return false;
        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')) return false;
        }
        return true;
    }

    /// <summary>Why <paramref name="value"/> cannot be used as a new slug, or null when it can.</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return "Enter a URL name.";
        if (value.Length < MinLength) return $"Use at least {MinLength} characters.";
        if (value.Length > MaxLength) return $"Use at most {MaxLength} characters.";
        if (!IsWellFormed(value)) return "Use lowercase letters, digits and hyphens, not starting or ending with a hyphen.";
        // DNS keeps "--" in the third and fourth place for encoded names (xn--…): browsers would show such a host as
        // another name, and the server decodes it, so the organization would be unreachable on its own subdomain.
        if (value[2] == '-' && value[3] == '-') return "Do not use two hyphens in the third and fourth place.";
        if (Reserved.Contains(value)) return $"\"{value}\" is reserved.";
        return null;
    }

    /// <summary>Suggests a slug from an organization name ("Acme Inc." → "acme-inc").</summary>
    public static string Suggest(string? name)
    {
        var sb = new StringBuilder();
        foreach (var c in (name ?? "").Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) sb.Append(c);
            else if (char.IsWhiteSpace(c) || c is '-' or '_' or '.' or '&' or '/')
            {
                if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
            }
            // Other characters (accents after FormD, punctuation) are dropped.
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length > MaxLength) slug = slug[..MaxLength].TrimEnd('-');
        return slug;
    }
}
