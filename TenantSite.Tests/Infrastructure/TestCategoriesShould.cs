using System.Reflection;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// The fast subset (<c>./test.sh --fast</c>) is exactly the test classes that take no fixture: a class that gains one
/// leaves the subset, and a new class without one joins it, or this fails and says which.
/// </summary>
[Trait("Category", TestCategories.Fast)]
public sealed class TestCategoriesShould
{
    // Fixture-free, but they run other processes: the real run.sh (a build, a cluster, the provider); the linters (Node).
    private static readonly Type[] SlowWithoutFixtures = [typeof(Scripts.RunScriptShould), typeof(Api.OpenApiLintShould)];

    [Fact]
    public void MarkEveryFixtureFreeTestClassFastAndNoOther()
    {
        var testClasses = typeof(TestCategoriesShould).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()))
            .ToList();

        var wrong = testClasses.Where(t => IsFast(t) != (TakesNoFixture(t) && !SlowWithoutFixtures.Contains(t)))
            .Select(t => $"{t.FullName}: {(IsFast(t) ? "marked Fast but takes a fixture" : "takes no fixture but is not marked Fast")}");

        Assert.Empty(wrong);
    }

    private static bool IsFast(Type type) =>
        type.GetCustomAttributes<TraitAttribute>().Any(t => t is { Name: "Category", Value: TestCategories.Fast });

    private static bool TakesNoFixture(Type type) => type.GetConstructors().All(c => c.GetParameters().Length == 0);
}
