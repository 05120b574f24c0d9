using System.Collections.Frozen;

namespace TenantSite.Auth;

/// <summary>What each role may do in its organization (owner &gt; admin &gt; member &gt; viewer).</summary>
public static class Permissions
{
    public const string ReadProjects = "read:projects";
    public const string WriteProjects = "write:projects";
    public const string DeleteProjects = "delete:projects";
    public const string ManageMembers = "manage:members";
    public const string ManageBilling = "manage:billing";
    public const string ManageSettings = "manage:settings";
    /// <summary>The audit log (the Activity page): who changed what, from where; owners and admins.</summary>
    public const string ReadActivity = "read:activity";
    /// <summary>Deleting the whole organization is the owners' call alone, like billing.</summary>
    public const string DeleteOrganization = "delete:organization";

    /// <summary>Every permission.</summary>
    public static readonly string[] All =
        [ReadProjects, WriteProjects, DeleteProjects, ManageMembers, ManageBilling, ManageSettings, ReadActivity, DeleteOrganization];

    private static readonly FrozenDictionary<string, FrozenSet<string>> ByRole = new Dictionary<string, FrozenSet<string>>
    {
        [Roles.Owner] = All.ToFrozenSet(),
        [Roles.Admin] = All.Except([ManageBilling, DeleteOrganization]).ToFrozenSet(),
        [Roles.Member] = new[] { ReadProjects, WriteProjects }.ToFrozenSet(),
        [Roles.Viewer] = new[] { ReadProjects }.ToFrozenSet(),
    }.ToFrozenDictionary();

    /// <summary>True when <paramref name="role"/> grants <paramref name="permission"/>; unknown roles grant nothing.</summary>
    public static bool Has(string? role, string permission) =>
        role is not null && ByRole.TryGetValue(role, out var granted) && granted.Contains(permission);

    /// <summary>The authorization policy name of a permission.</summary>
    public static string Policy(string permission) => "permission:" + permission;
}
