using System.Text.RegularExpressions;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages;

/// <summary>
/// Every page and fragment keeps within the Content-Security-Policy, including the ones no browser test opens: no
/// inline script, event handler or style, and none of the htmx features that need eval.
/// </summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class MarkupShould
{
    private static readonly string Pages = Path.Combine(DevIdp.RepositoryRoot(), "TenantSite", "Pages");

    public static TheoryData<string, string> Forbidden => new()
    {
        { "inline <script>", @"<script(?![^>]*\ssrc=)" },
        { "inline event handler", @"\son[a-z]+\s*=" },
        { "hx-on handler", @"\s(data-)?hx-on" },
        { "javascript: URL", @"javascript:" },
        { "style attribute", @"\sstyle\s*=" },
        { "<style> element", @"<style" },
        { "hx-vars (always eval)", @"\s(data-)?hx-vars" },
        { "hx-vals with js:", @"hx-vals\s*=\s*[""']\s*js:" },
        { "hx-trigger [filter] (eval)", @"hx-trigger\s*=\s*""[^""]*\[" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void UseNoInlineScriptOrStyle(string what, string pattern)
    {
        var files = Directory.GetFiles(Pages, "*.cshtml", SearchOption.AllDirectories);
        Assert.NotEmpty(files);

        var offending = files
            .SelectMany(file => WithoutRazorComments(File.ReadAllText(file)).Split('\n').Select((line, i) => (file, line, number: i + 1)))
            .Where(l => Regex.IsMatch(l.line, pattern, RegexOptions.IgnoreCase))
            .Select(l => $"{Path.GetRelativePath(Pages, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(offending.Count == 0, $"{what}:\n{string.Join("\n", offending)}");
    }

    // @* … *@ never reaches the browser; blanked out line by line so the line numbers stay right.
    private static string WithoutRazorComments(string razor) =>
        Regex.Replace(razor, @"@\*.*?\*@", m => new string('\n', m.Value.Count(c => c == '\n')), RegexOptions.Singleline);
}
