using TenantSite.Infrastructure;

namespace TenantSite.Tests.Infrastructure;

/// <summary>The per-list URL templates that replace link generation per row.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class ListFormsShould
{
    [Fact]
    public void FillEachRowsIdIntoTheGeneratedUrl()
    {
        var template = UrlTemplate.From($"/org/acme/projects/1?taskId={UrlTemplate.Placeholder}&handler=Rename&filter=open");
        var id = Guid.NewGuid();
        Assert.Equal($"/org/acme/projects/1?taskId={id}&handler=Rename&filter=open", template.For(id));
    }

    [Fact]
    public void GiveEachRowsUrlHtmlEncodedAsTheAttributeWouldBe()
    {
        var template = UrlTemplate.From($"/org/acme/projects/1?taskId={UrlTemplate.Placeholder}&handler=Rename&filter=<open>");
        var id = Guid.NewGuid();
        Assert.Equal(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(template.For(id)), template.HtmlFor(id).Value);
        Assert.Equal($"/org/acme/projects/1?taskId={id}&amp;handler=Rename&amp;filter=&lt;open&gt;", template.HtmlFor(id).Value);
    }

    [Fact]
    public void RefuseAUrlWithoutThePlaceholder() =>
        Assert.Throws<ArgumentException>(() => UrlTemplate.From("/?handler=Rename"));
}
