namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>What counts as naming another tenant in an answer.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class NameBookShould
{
    private static readonly Guid Mine = Guid.NewGuid();
    private static readonly Guid Theirs = Guid.NewGuid();
    private static readonly Actor Member = new("member", Guid.NewGuid(), "member", new HashSet<Guid> { Mine });

    private static readonly NameBook Names = new(
        [(Mine, "My project"), (Theirs, "Their secret project"), (Mine, "Shared Sam"), (Theirs, "Shared Sam")],
        [(Mine, "mine"), (Theirs, "theirs")]);

    [Fact]
    public void FindAnotherTenantsNameAndSlug() =>
        Assert.Equal(["Their secret project", "theirs"],
            Names.Leaks(Member, "http://mine.localhost/", "<td>Their secret project</td> <a href=\"//theirs.localhost\">"));

    [Fact]
    public void LetAnActorSeeTheirOwnNamesAndThoseTheyShareWithAnotherTenant() =>
        Assert.Empty(Names.Leaks(Member, "http://mine.localhost/", "My project, Shared Sam, mine"));

    [Fact]
    public void NotCountASlugTheRequestItselfCarried() =>
        Assert.Empty(Names.Leaks(Member, "http://localhost/org/theirs/projects", "Not found: /org/theirs/projects"));
}
