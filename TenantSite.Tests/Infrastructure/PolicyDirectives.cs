namespace TenantSite.Tests.Infrastructure;

/// <summary>A Content-Security-Policy header split into its directives: name → source list.</summary>
public static class PolicyDirectives
{
    public static IReadOnlyDictionary<string, string> Parse(string policy) => policy
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(d => d.Split(' ', 2))
        .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");
}
