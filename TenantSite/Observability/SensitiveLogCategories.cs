using Microsoft.Extensions.Options;

namespace TenantSite.Observability;

/// <summary>
/// Categories whose lower levels log secrets, held at a floor whatever the configuration asks of them (say, Trace for
/// everything while debugging). Found by logging a whole sign-in flow at Trace (Observability/RequestLogsShould):
/// <list type="bullet">
/// <item>ASP.NET Core's request lines ("Request starting/finished …", Information) carry the query string, and the
/// sign-in callback's query carries the authorization code and state (response_mode=query over http).</item>
/// <item>The OpenID Connect handler logs the authorization request's URL with state and nonce (Debug) and the
/// received authorization response with its code (Trace).</item>
/// <item>Razor Pages logs each handler's arguments (Trace): route values and bound form fields, an invitation link's
/// token among them, bare, where no pattern can tell it (Observability/LogsAndTracesShould).</item>
/// </list>
/// Credentials in a path (a request's path in scopes and in routing's lines) are redacted instead (RedactingLoggerFactory).
/// A level the configuration sets higher stays; a provider-specific rule (<c>Logging:Console:LogLevel:…</c>) is an
/// operator's deliberate choice and is left alone. EF Core logs no parameter values (EnableSensitiveDataLogging is off)
/// and Npgsql none either (EnableParameterLogging is off).
/// </summary>
internal sealed class SensitiveLogCategories : IPostConfigureOptions<LoggerFilterOptions>
{
    private static readonly (string Category, LogLevel Floor)[] Floors =
    [
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning),
        ("Microsoft.AspNetCore.Authentication.OpenIdConnect", LogLevel.Information),
        ("Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure.PageActionInvoker", LogLevel.Debug),
    ];

    public void PostConfigure(string? name, LoggerFilterOptions options)
    {
        foreach (var (category, floor) in Floors)
        {
            // Rules for the category or below it (a configured "...OpenIdConnectHandler": Trace) are raised to the floor.
            for (var i = 0; i < options.Rules.Count; i++)
            {
                var rule = options.Rules[i];
                if (rule is { ProviderName: null, CategoryName: { } ruled, LogLevel: { } level } && level < floor &&
                    ruled.StartsWith(category, StringComparison.OrdinalIgnoreCase))
                    options.Rules[i] = new LoggerFilterRule(null, ruled, floor, rule.Filter);
            }
            // The category itself gets what would apply to it otherwise (a broader rule, or the minimum), at least the floor.
            var effective = Broader(options, category)?.LogLevel ?? options.MinLevel;
            options.Rules.Add(new LoggerFilterRule(null, category, effective > floor ? effective : floor, null));
        }
    }

    // The provider-less rule the framework would pick for the category among broader ones: longest prefix, last wins.
    private static LoggerFilterRule? Broader(LoggerFilterOptions options, string category) => options.Rules
        .Where(r => r.ProviderName is null && (r.CategoryName is null ||
                    (category.StartsWith(r.CategoryName, StringComparison.OrdinalIgnoreCase) && r.CategoryName.Length < category.Length)))
        .Select((rule, index) => (rule, index))
        .OrderBy(r => r.rule.CategoryName?.Length ?? -1).ThenBy(r => r.index)
        .Select(r => r.rule)
        .LastOrDefault();
}
