using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(TenantSite.Tests.Infrastructure.LongestFirst))]

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// Marks a test class or collection definition that runs for a quarter of a minute or more, so that it starts first;
/// <see cref="Seconds"/> (roughly, on 2 cores) puts the longest first.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsLongAttribute(int seconds = 15) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>
/// Starts the <see cref="RunsLongAttribute"/> collections before the others, longest first; the others keep xunit's
/// random order. A long collection that happens to start last runs alone on one core at the end: the browser collection
/// did, for a minute of a four-minute run.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections)
            .OrderByDescending(collection => Seconds(collection)) // stable: the rest keep their order
            .ToArray();

    private static int Seconds(ITestCollection collection)
    {
        var marked = (collection as IXunitTestCollection)?.CollectionDefinition ?? ClassOf(collection);
        return marked?.GetCustomAttribute<RunsLongAttribute>()?.Seconds ?? 0;
    }

    // A class without a [Collection] is a collection of its own, named "Test collection for <class> (id: …)".
    private static Type? ClassOf(ITestCollection collection)
    {
        const string prefix = "Test collection for ";
        var name = collection.TestCollectionDisplayName;
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var end = name.IndexOf(" (id: ", StringComparison.Ordinal);
        return typeof(LongestFirst).Assembly.GetType(end < 0 ? name[prefix.Length..] : name[prefix.Length..end]);
    }
}
