using TenantSite.Auth;

namespace TenantSite.Org.Members;

/// <summary>
/// Who may change whose membership, on top of manage:members (which owners and admins hold). Decided:
/// <list type="bullet">
/// <item>Only an owner grants or revokes the owner role: an admin can neither make anyone an owner nor change or remove
/// an owner — otherwise an admin could promote themselves and then push the owners out.</item>
/// <item>An admin manages admins, members and viewers, themselves included (stepping down or leaving).</item>
/// <item>An organization always keeps at least one owner: the last owner can be neither demoted nor removed, not even
/// by themselves; they make someone else an owner first. The KeepOneOwner trigger backs this up in the database.</item>
/// </list>
/// </summary>
public static class MemberRules
{
    public const string LastOwnerMessage = "An organization needs at least one owner. Make someone else an owner first.";

    public const string UnknownRoleMessage = "Choose one of owner, admin, member or viewer.";

    /// <summary>A change that came without the role its form showed (a page from before forms sent it).</summary>
    public const string OutdatedFormMessage = "This form is out of date. Reload the page and try again.";

    /// <summary>A change made on a role that someone else changed after the page showed it.</summary>
    public static string ChangedMeanwhileMessage(string name, string role) =>
        $"{name}'s role was changed by someone else meanwhile; it is now {role}. Nothing was changed.";

    public enum Verdict { Allowed, Forbidden, LastOwner }

    private static readonly string[] NonOwnerRoles = [Roles.Admin, Roles.Member, Roles.Viewer];

    /// <summary>The roles someone with <paramref name="actorRole"/> may hand out (none without manage:members).</summary>
    public static IReadOnlyList<string> Grantable(string? actorRole) => actorRole switch
    {
        Roles.Owner => Roles.All,
        Roles.Admin => NonOwnerRoles,
        _ => [],
    };

    /// <summary>Whether <paramref name="actorRole"/> may invite someone (or resend an invitation) as <paramref name="role"/>.</summary>
    public static bool MayInvite(string? actorRole, string role) => Grantable(actorRole).Contains(role);

    /// <summary>The roles that may invite someone as <paramref name="role"/>, for a check in the database.</summary>
    public static string[] MayInviteAs(string role) => [.. Roles.All.Where(actor => MayInvite(actor, role))];

    /// <summary>Whether <paramref name="actorRole"/> may change or remove a member who has <paramref name="targetRole"/>.</summary>
    public static bool MayManage(string? actorRole, string targetRole) =>
        Grantable(actorRole).Count > 0 && (actorRole == Roles.Owner || targetRole != Roles.Owner);

    /// <summary>May the member's role go from <paramref name="currentRole"/> to <paramref name="newRole"/>, given the owner count?</summary>
    public static Verdict ChangeRole(string? actorRole, string currentRole, string newRole, int owners) =>
        !MayManage(actorRole, currentRole) || !Grantable(actorRole).Contains(newRole) ? Verdict.Forbidden
        : currentRole == Roles.Owner && newRole != Roles.Owner && owners <= 1 ? Verdict.LastOwner
        : Verdict.Allowed;

    /// <summary>May a member with <paramref name="currentRole"/> be removed, given the owner count?</summary>
    public static Verdict Remove(string? actorRole, string currentRole, int owners) =>
        !MayManage(actorRole, currentRole) ? Verdict.Forbidden
        : currentRole == Roles.Owner && owners <= 1 ? Verdict.LastOwner
        : Verdict.Allowed;
}
