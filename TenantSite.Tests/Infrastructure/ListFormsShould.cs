using TenantSite.Infrastructure;

namespace TenantSite.Tests.Infrastructure;

/// <summary>The per-list URL templates that replace link generation per row.</summary>
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
    public void RefuseAUrlWithoutThePlaceholder() =>
        Assert.Throws<ArgumentException>(() => UrlTemplate.From("/?handler=Rename"));
}
