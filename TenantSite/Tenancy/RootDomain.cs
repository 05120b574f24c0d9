namespace TenantSite.Tenancy;

/// <summary>Classifies a request's host against <see cref="TenancyOptions.RootDomain"/>.</summary>
public sealed class RootDomain(string domain)
{
    /// <summary>The root domain, lower case, without port.</summary>
    public string Domain { get; } = domain.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>True for the root domain itself (any port, any case).</summary>
    public bool IsRoot(HostString host) => string.Equals(Normalize(host), Domain, StringComparison.Ordinal);

    /// <summary>
    /// The part of the host in front of <c>.{Domain}</c> ("acme" for acme.localhost:5000), or null when the host
    /// is not below the root domain. The label may itself contain dots; callers validate it.
    /// </summary>
    public string? SubdomainOf(HostString host)
    {
        var name = Normalize(host);
        if (name.Length <= Domain.Length + 1 || !name.EndsWith(Domain, StringComparison.Ordinal)) return null;
        return name[^(Domain.Length + 1)] == '.' ? name[..^(Domain.Length + 1)] : null;
    }

    /// <summary>
    /// The root domain's origin as seen from <paramref name="request"/>: its scheme and port with the root's name
    /// (<c>http://localhost:5000</c> for a request to <c>http://acme.localhost:5000</c>).
    /// </summary>
    public string OriginFor(HttpRequest request) =>
        $"{request.Scheme}://{Domain}{(request.Host.Port is { } port ? $":{port}" : "")}";

    /// <summary>True when the host is the root domain or any name below it.</summary>
    public bool Contains(HostString host) => IsRoot(host) || SubdomainOf(host) is not null;

    // HostString.Host drops the port; a trailing dot is the same DNS name.
    private static string Normalize(HostString host) => (host.Host ?? "").TrimEnd('.').ToLowerInvariant();
}
