using System.Text;
using System.Text.RegularExpressions;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant.AspNetCore.Strategies;

/// <summary>
/// The identifier in the request's host name (port ignored), by a template of dot-separated segments:
/// <c>__tenant__</c> is the identifier, <c>?</c> any one segment, <c>*</c> any number of segments (once, as a whole
/// segment), anything else itself. <c>__tenant__.app.example</c> finds <c>acme</c> in <c>acme.app.example</c> and
/// nothing in <c>app.example</c> or <c>a.b.app.example</c>.
/// </summary>
public sealed class HostStrategy : IMultiTenantStrategy
{
    /// <summary>The default template: the host's first label.</summary>
    internal const string DefaultTemplate = "__tenant__.*";

    private const string TenantToken = "__tenant__";
    private readonly Regex _pattern;

    /// <summary>A strategy for <paramref name="template"/>.</summary>
    public HostStrategy(string template)
    {
        var segments = template.Trim().Split('.');
        if (segments.Count(s => s == TenantToken) != 1 || segments.Count(s => s == "*") > 1 || segments.Any(s => s.Length == 0))
            throw new ArgumentException($"Invalid host template \"{template}\".", nameof(template));

        var pattern = new StringBuilder("^");
        if (segments is [TenantToken]) pattern.Append("(?<identifier>.+?)"); // the whole host
        else
        {
            var separator = "";
            foreach (var segment in segments)
            {
                // A leading * takes its own dots; later segments start with theirs.
                pattern.Append(segment switch
                {
                    TenantToken => separator + @"(?<identifier>[^\.]+)",
                    "?" => separator + @"[^\.]+",
                    "*" when separator.Length == 0 => @"([^\.]+\.)*",
                    "*" => @"(\.[^\.]+)*",
                    var literal => separator + Regex.Escape(literal),
                });
                separator = segment == "*" && separator.Length == 0 ? "" : @"\.";
            }
        }
        // DNS names ignore case and a trailing dot names the same host (Finbuckle's pattern is case-sensitive).
        // Linear in the host's length whatever it holds (NonBacktracking), so no timeout: Finbuckle's 100 ms is wall time,
        // and on a starved machine it fired on ordinary hosts and turned the request into a 500.
        _pattern = new Regex(pattern.Append(@"\.?$").ToString(),
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking);
    }

    /// <inheritdoc />
    public Task<string?> GetIdentifierAsync(object context)
    {
        if (context is not HttpContext { Request.Host.Host: { Length: > 0 } host }) return Task.FromResult<string?>(null);
        var match = _pattern.Match(host);
        return Task.FromResult(match.Success ? match.Groups["identifier"].Value : null);
    }
}
