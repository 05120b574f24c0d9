using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Html;

namespace TenantSite.Infrastructure;

/// <summary>
/// What every row's forms in a list share, computed once per request instead of once per form: each row of the
/// dashboard and the project page has up to three forms, and the form tag helper generates a link and an antiforgery
/// field for each. With many rows that per-row machinery was most of a page's CPU time and allocations
/// (bench/RESULTS.md). The markup is the same as the tag helper's, so every form still works without JavaScript.
/// </summary>
public static class ListForms
{
    private static readonly object AntiforgeryKey = new();

    /// <summary>
    /// The hidden antiforgery field (<c>&lt;input name="__RequestVerificationToken" type="hidden" value="…" /&gt;</c>), one
    /// instance per request: a plain <see cref="HtmlString"/>, so writing it many times writes it whole each time.
    /// </summary>
    public static IHtmlContent AntiforgeryField(this HttpContext context)
    {
        if (context.Items[AntiforgeryKey] is IHtmlContent field) return field;
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var encoder = HtmlEncoder.Default;
        field = new HtmlString(
            $"<input name=\"{encoder.Encode(tokens.FormFieldName)}\" type=\"hidden\" value=\"{encoder.Encode(tokens.RequestToken ?? "")}\" />");
        context.Items[AntiforgeryKey] = field;
        return field;
    }
}

/// <summary>
/// A URL generated once for a list with one route value left as <see cref="Placeholder"/>, which each row fills in
/// with its own id: the same URL link generation would give, without generating it again for every row.
/// </summary>
public readonly record struct UrlTemplate(string Prefix, string Suffix)
{
    /// <summary>The id to generate the template with; it appears nowhere else in a URL.</summary>
    public static readonly Guid Placeholder = new("7e3f1a52-0c4b-4d8e-9f6a-2b5c8d1e0f93");

    private static readonly string PlaceholderText = Placeholder.ToString("D");

    /// <summary>Splits a URL generated with <see cref="Placeholder"/> as one route value.</summary>
    public static UrlTemplate From(string? url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var at = url.IndexOf(PlaceholderText, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException($"The URL {url} does not contain the placeholder id.", nameof(url));
        return new UrlTemplate(url[..at], url[(at + PlaceholderText.Length)..]);
    }

    private string HtmlPrefix { get; } = HtmlEncoder.Default.Encode(Prefix);
    private string HtmlSuffix { get; } = HtmlEncoder.Default.Encode(Suffix);

    /// <summary>The URL for one row.</summary>
    public string For(Guid id) => string.Concat(Prefix, id.ToString("D"), Suffix);

    /// <summary>
    /// The URL for one row, HTML-encoded for an attribute, in one string: the template was encoded once for the list
    /// (a handler URL's query has '&amp;', which Razor would otherwise encode into a new string for every row and
    /// attribute: 11 KB of the dashboard's allocations), and an id needs no encoding.
    /// </summary>
    public HtmlString HtmlFor(Guid id) =>
        new(string.Create(HtmlPrefix.Length + 36 + HtmlSuffix.Length, (HtmlPrefix, id, HtmlSuffix), static (span, parts) =>
        {
            parts.HtmlPrefix.CopyTo(span);
            parts.id.TryFormat(span[parts.HtmlPrefix.Length..], out _, "D");
            parts.HtmlSuffix.CopyTo(span[(parts.HtmlPrefix.Length + 36)..]);
        }));
}
