using Microsoft.AspNetCore.WebUtilities;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>
/// How the provider sends the browser back to the app: a redirect (response_mode=query)
/// or an auto-submitting form (response_mode=form_post).
/// </summary>
public sealed record AuthorizationResponse(Uri Target, IReadOnlyDictionary<string, string>? Form)
{
    public bool IsFormPost => Form is not null;

    /// <summary>The value of a response parameter (from the form or the query).</summary>
    public string? this[string name] => Form is not null
        ? Form.GetValueOrDefault(name)
        : QueryHelpers.ParseQuery(Target.Query).TryGetValue(name, out var v) ? v.ToString() : null;

    /// <summary>The same response with one parameter replaced (for tampering).</summary>
    public AuthorizationResponse With(string name, string value)
    {
        if (Form is not null)
        {
            return this with { Form = new Dictionary<string, string>(Form) { [name] = value } };
        }
        var query = QueryHelpers.ParseQuery(Target.Query)
            .ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query[name] = value;
        var bare = Target.GetLeftPart(UriPartial.Path);
        return this with { Target = new Uri(QueryHelpers.AddQueryString(bare, query)) };
    }
}
