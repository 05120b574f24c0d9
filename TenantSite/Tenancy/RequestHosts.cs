namespace TenantSite.Tenancy;

/// <summary>Reading a request's host without letting a malformed one throw.</summary>
public static class RequestHosts
{
    /// <summary>
    /// <see cref="HttpRequest.Host"/> decodes punycode and throws on a label that is not valid punycode
    /// (<c>xn--a.localhost</c>), which a client can send and the server lets through: false for such a host.
    /// </summary>
    public static bool TryGetHost(this HttpRequest request, out HostString host)
    {
        try
        {
            host = request.Host;
            return true;
        }
        catch (ArgumentException)
        {
            host = default;
            return false;
        }
    }
}
