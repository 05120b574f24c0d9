namespace TenantSite.Tests.Architecture;

[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class FolderGraphShould
{
    private static FolderGraph Graph(params (string From, string To)[] uses) => new(
        [.. uses.Select(use => new FolderUse(use.From, use.From + "Type", use.To, use.To + "Type"))],
        uses.SelectMany(use => new[] { use.From, use.To }).ToHashSet());

    [Fact]
    public void FindEveryFolderOfACircleAndNoOther()
    {
        var graph = Graph(("Pages", "Auth"), ("Auth", "Live"), ("Live", "Data"), ("Data", "Auth"), ("Data", "Tenancy"));

        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["Auth", "Data", "Live"], cycle);
    }

    [Fact]
    public void FindNoCircleWhenUsesRunOneWay()
    {
        var graph = Graph(("Pages", "Auth"), ("Pages", "Data"), ("Auth", "Data"), ("Auth", "Tenancy"), ("Data", "Tenancy"));

        Assert.Empty(graph.Cycles());
    }

    [Theory]
    [InlineData("TenantSite.Auth.CurrentMemberships", "Auth")]
    [InlineData("TenantSite.Tenancy.MultiTenant.Abstractions.TenantInfo", "Tenancy")]
    [InlineData("TenantSite.Pipeline", FolderGraph.CompositionRoot)]
    [InlineData("Program", FolderGraph.CompositionRoot)]
    [InlineData("AspNetCoreGeneratedDocument.Pages_Org_Projects__TaskRows", "Pages")]
    [InlineData("<>f__AnonymousType0`1", null)]
    public void PlaceATypeInTheFolderOfItsNamespace(string type, string? folder) =>
        Assert.Equal(folder, FolderGraph.FolderOfType(type));
}
