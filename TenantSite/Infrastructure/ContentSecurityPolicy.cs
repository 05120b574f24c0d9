using TenantSite.Tenancy;

namespace TenantSite.Infrastructure;

/// <summary>
/// TenantSite's Content-Security-Policy. Scripts and styles come only from the page's own origin: no inline script,
/// no eval (htmx runs with <c>allowEval: false</c>), no inline style. Nothing may frame a page, change its base URL or
/// embed plugins. Forms may lead only to this app's hosts and to the identity provider.
/// </summary>
public sealed class ContentSecurityPolicy
{
    // img-src allows data: because Pico draws its checkbox, select and accordion icons as data: SVGs in its stylesheet.
    private const string Fixed =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>
    /// For the development API reference (Scalar, <c>/scalar</c>) alone, which starts itself with an inline module
    /// script and styles itself inline. It is mapped only in Development and changes nothing on any other response.
    /// </summary>
    public const string ApiReference =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    private readonly string _rootDomain;
    private readonly string _provider;

    /// <summary>Reads the root domain of the tenants and the provider's origin (<c>Oidc:Authority</c>, when set).</summary>
    public ContentSecurityPolicy(RootDomain root, IConfiguration configuration)
    {
        _rootDomain = root.Domain;
        _provider = configuration["Oidc:Authority"] is { Length: > 0 } authority
            ? " " + new Uri(authority).GetLeftPart(UriPartial.Authority)
            : "";
    }

    /// <summary>
    /// The policy for a response to <paramref name="request"/>. form-action also governs the redirects that follow a
    /// form submission, so it names the hosts such a redirect may reach: the root domain and every tenant subdomain
    /// (onboarding in host mode, a slug change, deleting or leaving an organization move the window to another host),
    /// with the request's scheme and port, and the provider (sign-out goes on to its end-session endpoint).
    /// </summary>
    public string For(HttpRequest request)
    {
        if (request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ApiReferencePolicy>() is not null) return ApiReference;
        // A host that cannot even be read is answered 400 by tenancy; its policy still goes out, without a port.
        var port = request.TryGetHost(out var host) && host.Port is { } p ? ":" + p : "";
        var scheme = request.Scheme;
        return $"{Fixed} {scheme}://{_rootDomain}{port} {scheme}://*.{_rootDomain}{port}{_provider}";
    }
}

/// <summary>Endpoint metadata: the response gets <see cref="ContentSecurityPolicy.ApiReference"/>.</summary>
public sealed class ApiReferencePolicy;
