namespace TenantSite.Infrastructure;

/// <summary>
/// Marks the JSON API's endpoints (Api/ApiExtensions puts it on them). What differs for them is read from it: API keys
/// authenticate only here, errors are problem details instead of pages, and bodies are JSON instead of forms. Here,
/// below Auth and Security, because both ask it.
/// </summary>
public sealed class ApiEndpoint
{
    public static readonly ApiEndpoint Metadata = new();

    private ApiEndpoint() { }

    /// <summary>The API's base path below a tenant's host or <c>/org/{slug}</c>.</summary>
    public const string BasePath = "/api/v1";

    /// <summary>True when the request's endpoint is one of the API's.</summary>
    public static bool Is(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<ApiEndpoint>() is not null;

    /// <summary>
    /// True for a request below the API's path, matched or not: an unknown API address or one of an unknown
    /// organization (whose path was never rebased) still answers as the API does. <paramref name="path"/> is the
    /// request's path as routing saw it (after the path-mode base moved into PathBase), or the full path.
    /// </summary>
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ||
        path.Value is { } value && value.Split('/', 5) is ["", var prefix, _, "api", ..] &&
        prefix.Equals("org", StringComparison.OrdinalIgnoreCase);
}
