using System.Collections.Concurrent;

namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>
/// The names of every organization in the database: its own name, its projects', tasks' and members' names and emails,
/// its API keys' names and prefixes, and its slug. An actor may see those of the organizations they belong to; any other
/// one in an answer is a leak. A slug counts only when the request itself did not carry it (a 404 page may echo the
/// address it was asked for).
/// </summary>
public sealed class NameBook((Guid Organization, string Name)[] names, (Guid Organization, string Slug)[] slugs)
{
    private readonly ConcurrentDictionary<Actor, string[]> _foreign = new();

    /// <summary>The names of other organizations that occur in <paramref name="text"/>, answered to <paramref name="actor"/>.</summary>
    public IEnumerable<string> Leaks(Actor actor, string requestUrl, string text)
    {
        var foreignSlugs = slugs.Where(s => !actor.Organizations.Contains(s.Organization) && !requestUrl.Contains(s.Slug, StringComparison.Ordinal))
            .Select(s => s.Slug);
        return ForeignNames(actor).Concat(foreignSlugs).Where(name => text.Contains(name, StringComparison.Ordinal));
    }

    // A name shared with one of the actor's own organizations (a member of both) is theirs to see.
    private string[] ForeignNames(Actor actor) => _foreign.GetOrAdd(actor, a =>
    {
        var theirs = names.Where(n => a.Organizations.Contains(n.Organization)).Select(n => n.Name).ToHashSet();
        return names.Where(n => !a.Organizations.Contains(n.Organization) && !theirs.Contains(n.Name)).Select(n => n.Name).Distinct().ToArray();
    });
}
