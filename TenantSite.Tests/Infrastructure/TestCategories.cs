namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// The suite's subsets, as <c>[Trait("Category", …)]</c>. <c>./test.sh --fast</c> runs <see cref="Fast"/>: classes that need
/// no host, database, provider, browser or other process of their own, in seconds (TestCategoriesShould keeps the mark
/// honest).
/// </summary>
public static class TestCategories
{
    public const string Fast = "Fast";
}
