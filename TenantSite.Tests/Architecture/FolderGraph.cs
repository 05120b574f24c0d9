namespace TenantSite.Tests.Architecture;

/// <summary>A type (or source file) of one folder that uses a type of another.</summary>
public sealed record FolderUse(string FromFolder, string From, string ToFolder, string To);

/// <summary>
/// TenantSite's top-level folders (namespaces <c>TenantSite.&lt;Folder&gt;</c>) and which use which: what the
/// compiled code references (<see cref="TypeReferences"/>) plus the constants its source names
/// (<see cref="ConstantReferences"/>).
/// </summary>
public sealed class FolderGraph(IReadOnlyList<FolderUse> uses, IReadOnlySet<string> folders)
{
    /// <summary>Namespace TenantSite itself (Pipeline.cs) and the top-level statements' Program (Program.cs).</summary>
    public const string CompositionRoot = "(root)";

    /// <summary>Every use that crosses from one folder to another.</summary>
    public IReadOnlyList<FolderUse> Uses { get; } = uses;

    /// <summary>Every folder that holds a type.</summary>
    public IReadOnlySet<string> Folders { get; } = folders;

    /// <summary>The folders of the assembly at <paramref name="assemblyPath"/>, built from <paramref name="sourceRoot"/>.</summary>
    public static FolderGraph Read(string assemblyPath, string sourceRoot)
    {
        var types = TypeReferences.Read(assemblyPath);
        var uses = new HashSet<FolderUse>();
        foreach (var use in types)
        {
            if (FolderOfType(use.From) is { } from && FolderOfType(use.To) is { } to && from != to)
                uses.Add(new FolderUse(from, use.From, to, use.To));
        }
        foreach (var use in ConstantReferences.Read(assemblyPath, sourceRoot))
        {
            if (FolderOfFile(use.File) is var from && FolderOfType(use.Type) is { } to && from != to)
                uses.Add(new FolderUse(from, use.File, to, use.Type + "." + use.Constant));
        }
        var folders = types.SelectMany(use => new[] { use.From, use.To })
            .Select(FolderOfType).OfType<string>().ToHashSet();
        return new FolderGraph([.. uses], folders);
    }

    /// <summary>
    /// <c>TenantSite.X.…</c> is in X, Razor's compiled views (<c>AspNetCoreGeneratedDocument.Pages_…</c>) in Pages;
    /// null for what the compiler or a source generator made outside the app's namespaces (anonymous types, regexes).
    /// </summary>
    public static string? FolderOfType(string fullName) => fullName.Split('.') switch
    {
        ["Program"] => CompositionRoot,
        ["TenantSite", _] => CompositionRoot,
        ["TenantSite", var folder, _, ..] => folder,
        ["AspNetCoreGeneratedDocument", var view] => view.Split('_')[0],
        _ => null,
    };

    /// <summary>The folder of a source file, given relative to the app's project folder.</summary>
    public static string FolderOfFile(string relativePath) =>
        relativePath.Split('/') is [var folder, _, ..] ? folder : CompositionRoot;

    /// <summary>
    /// Each set of two or more folders that reach one another through their uses (the graph's strongly connected
    /// components), sorted; none when every use runs one way.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var next = Uses.ToLookup(use => use.FromFolder, use => use.ToFolder);
        var reach = Folders.ToDictionary(folder => folder, folder => Reachable(folder, next));
        return Folders
            .Select(folder => Folders.Where(other => reach[folder].Contains(other) && reach[other].Contains(folder))
                .Order(StringComparer.Ordinal).ToList())
            .Where(component => component.Count > 1)
            .DistinctBy(component => string.Join(",", component))
            .Cast<IReadOnlyList<string>>()
            .ToList();
    }

    /// <summary>The uses from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public IEnumerable<FolderUse> Between(string from, string to) =>
        Uses.Where(use => use.FromFolder == from && use.ToFolder == to);

    private static HashSet<string> Reachable(string start, ILookup<string, string> next)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var folder))
        {
            foreach (var to in next[folder])
                if (seen.Add(to)) queue.Enqueue(to);
        }
        return seen;
    }
}
