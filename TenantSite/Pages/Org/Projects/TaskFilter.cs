namespace TenantSite.Pages.Org.Projects;

/// <summary>The task list's filters as they appear in <c>?filter=</c>; the bare page URL means <see cref="All"/>.</summary>
public static class TaskFilter
{
    public const string All = "all";
    public const string Open = "open";
    public const string Done = "done";

    /// <summary>Every filter, in the order the page offers them.</summary>
    public static readonly string[] Each = [All, Open, Done];

    /// <summary>A known filter, or <see cref="All"/> for anything else (an old bookmark, a typo).</summary>
    public static string Normalize(string? value) => value is Open or Done ? value : All;

    /// <summary>The query value for links: none for <see cref="All"/>, so the canonical URL stays clean.</summary>
    public static string? QueryValue(string filter) => filter == All ? null : filter;

    /// <summary>Whether a task in this state is listed under <paramref name="filter"/>.</summary>
    public static bool Shows(string filter, bool completed) => filter switch
    {
        Open => !completed,
        Done => completed,
        _ => true,
    };

    public static string Label(string filter) => filter switch { Open => "Open", Done => "Done", _ => "All" };

    public static string EmptyText(string filter) => filter switch
    {
        Open => "Nothing open — every task is done.",
        Done => "No task is done yet.",
        _ => "No tasks yet.",
    };
}
