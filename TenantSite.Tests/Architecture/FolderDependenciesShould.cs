using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Architecture;

/// <summary>
/// The layering of TenantSite's folders (namespaces <c>TenantSite.&lt;Folder&gt;</c>), written down once, in
/// <see cref="Layers"/>. A folder uses folders of its own layer and of the layers below, never of a layer above, and
/// uses never run in a circle, inside a layer neither. "Uses" is what the compiled app references, whatever its using
/// lines say, plus the constants its source names. To break a cycle, move the type that sits on the wrong side (what
/// parses a database trigger's payload belongs in Data; an authentication scheme in Auth), don't add an interface.
/// </summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class FolderDependenciesShould
{
    /// <summary>Bottom first.</summary>
    public static readonly string[][] Layers =
    [
        // Who the tenant is (a library of Finbuckle's shape); the schema, RLS hand-over and database notifications.
        ["Tenancy", "Data"],
        // Web plumbing every endpoint shares: htmx, error pages, security headers, endpoint kinds, input checks.
        ["Infrastructure", "Security"],
        // Who the user is: sign-in, sessions, API keys; membership, permissions, the data scope.
        ["Auth"],
        // Features.
        ["Billing", "Email", "Invitations", "Live", "RateLimits", "Observability", "Health", "KeyRing", "Proxies"],
        // The tenant's writes: one command per action, for the pages and the API alike.
        ["Org"],
        // What a request or a command reaches.
        ["Api", "Pages", "Cli"],
        // Program.cs and Pipeline.cs, which wire everything together.
        [FolderGraph.CompositionRoot],
    ];

    private static readonly Lazy<FolderGraph> App = new(() =>
        FolderGraph.Read(typeof(Program).Assembly.Location, Path.Combine(DevIdp.RepositoryRoot(), "TenantSite")));

    [Fact]
    public void NeverUseEachOtherInACircle()
    {
        var cycles = App.Value.Cycles();

        Assert.True(cycles.Count == 0, string.Join("\n\n", cycles.Select(Describe)));
    }

    [Fact]
    public void UseOnlyTheirOwnLayerAndTheLayersBelow()
    {
        var upward = App.Value.Uses
            .Where(use => LayerOf(use.FromFolder) is { } from && LayerOf(use.ToFolder) is { } to && from < to)
            .GroupBy(use => (use.FromFolder, use.ToFolder))
            .Select(uses => $"{uses.Key.FromFolder} (layer {LayerOf(uses.Key.FromFolder)}) uses {uses.Key.ToFolder} " +
                $"(layer {LayerOf(uses.Key.ToFolder)}): {Examples(uses)}")
            .ToList();

        Assert.True(upward.Count == 0, string.Join("\n", upward));
    }

    [Fact]
    public void EachHaveALayer()
    {
        var listed = Layers.SelectMany(layer => layer).ToHashSet();

        Assert.Empty(App.Value.Folders.Where(folder => !listed.Contains(folder)).Order());
        Assert.Empty(listed.Where(folder => !App.Value.Folders.Contains(folder)).Order());
    }

    private static int? LayerOf(string folder) =>
        Array.FindIndex(Layers, layer => layer.Contains(folder)) is var index and >= 0 ? index : null;

    // Every use between two folders of the cycle, each way, with the types on both sides.
    private static string Describe(IReadOnlyList<string> cycle) =>
        $"A cycle between {string.Join(", ", cycle)}:\n" + string.Join("\n",
            from folder in cycle
            from other in cycle
            let uses = App.Value.Between(folder, other).ToList()
            where uses.Count > 0
            select $"  {folder} -> {other}: {Examples(uses)}");

    private static string Examples(IEnumerable<FolderUse> uses)
    {
        var all = uses.Select(use => $"{use.From} uses {use.To}").Order(StringComparer.Ordinal).ToList();
        return string.Join("; ", all.Take(6)) + (all.Count > 6 ? $"; and {all.Count - 6} more" : "");
    }
}
