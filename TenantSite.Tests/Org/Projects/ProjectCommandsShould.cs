using TenantSite.Infrastructure;
using TenantSite.Data.Entities;
using TenantSite.Org;
using TenantSite.Org.Projects;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Org.Projects;

/// <summary>
/// The project commands themselves, as the pages and the API make them, against the real database: the rules the
/// pages and the API cannot reach on their own (their filters and the input check answer first) or do not show.
/// </summary>
public sealed class ProjectCommandsShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MeasureANameWithoutTheSpacesAroundIt()
    {
        var org = await NewOrganizationAsync();
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);
        var create = alice.Get<CreateProject.Handler>();
        var name = new string('n', Project.MaxNameLength);

        var fits = await create.HandleAsync(new CreateProject($"  {name}  "), Ct);
        var tooLong = await create.HandleAsync(new CreateProject(name + "n"), Ct);

        Assert.Null(fits.Refused);
        Assert.Equal(name, fits.Value.Name);
        Assert.Equal(Refusal.Invalid, tooLong.Refused?.Kind);
        Assert.Equal([new FieldError(nameof(CreateProject.Name), "Use at most 100 characters.")], tooLong.Refused!.Errors);
        Assert.Equal([name], await NamesAsync(org));
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    public async Task RefuseControlCharactersInANameFromAnyCaller(string name)
    {
        var org = await NewOrganizationAsync();
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Kept", []);
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);

        var created = await alice.Get<CreateProject.Handler>().HandleAsync(new CreateProject(name), Ct);
        var renamed = await alice.Get<RenameProject.Handler>().HandleAsync(new RenameProject(project, name), Ct);

        Assert.All([created.Refused, renamed.Refused], refused => Assert.Equal(
            [new FieldError(nameof(CreateProject.Name), "Use no control characters (such as line breaks or tabs).")], refused!.Errors));
        Assert.Equal(["Kept"], await NamesAsync(org));
    }

    [Fact]
    public async Task RefuseEachWriteToARoleWithoutItsPermission()
    {
        var org = await NewOrganizationAsync((app.Demo.Bob, Roles.Viewer), (app.Demo.Carol, Roles.Member));
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Kept", []);
        await using var viewer = await MemberScope.EnterAsync(app, org, app.Demo.Bob);
        await using var member = await MemberScope.EnterAsync(app, org, app.Demo.Carol);

        var refusals = new[]
        {
            (await viewer.Get<CreateProject.Handler>().HandleAsync(new CreateProject("New"), Ct)).Refused,
            (await viewer.Get<RenameProject.Handler>().HandleAsync(new RenameProject(project, "Renamed"), Ct)).Refused,
            (await member.Get<DeleteProject.Handler>().HandleAsync(new DeleteProject(project), Ct)).Refused,
        };

        Assert.All(refusals, refused => Assert.Equal(Refusal.Forbidden, refused?.Kind));
        Assert.Equal(["Kept"], await NamesAsync(org));
    }

    // An id of another organization must get the same answer as one that exists nowhere, whatever else is wrong.
    [Fact]
    public async Task AnswerNotFoundForAnotherOrganizationsProjectBeforeJudgingTheName()
    {
        var org = await NewOrganizationAsync();
        var own = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Own", []);
        var foreign = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, await ForeignOrganizationAsync(), "Foreign", []);
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);
        var rename = alice.Get<RenameProject.Handler>();

        Assert.Equal(Refusal.NotFound, (await rename.HandleAsync(new RenameProject(foreign, " "), Ct)).Refused?.Kind);
        Assert.Equal(Refusal.NotFound, (await rename.HandleAsync(new RenameProject(foreign, "Taken over"), Ct)).Refused?.Kind);
        Assert.Equal(ProjectRules.EnterName, (await rename.HandleAsync(new RenameProject(own, " "), Ct)).Refused?.Message);
        Assert.Equal("Foreign", await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString, "SELECT name FROM projects WHERE id = $1", foreign));
    }

    [Fact]
    public async Task DeleteOnlyTheVersionExpectedAndAnswerWhatItDeleted()
    {
        var org = await NewOrganizationAsync();
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Doomed", ["a task"]);
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);
        var renamed = await alice.Get<RenameProject.Handler>().HandleAsync(new RenameProject(project, "Doomed, renamed"), Ct);
        var delete = alice.Get<DeleteProject.Handler>();

        var stale = await delete.HandleAsync(new DeleteProject(project) { Expected = IfVersion.OneOf([renamed.Value.Version - 1]) }, Ct);
        Assert.Equal(Refusal.ChangedMeanwhile, stale.Refused?.Kind);
        Assert.Equal(["Doomed, renamed"], await NamesAsync(org));

        var deleted = await delete.HandleAsync(new DeleteProject(project) { Expected = IfVersion.OneOf([renamed.Value.Version]) }, Ct);
        Assert.Equal("Doomed, renamed", deleted.Value.Name);
        Assert.Empty(await NamesAsync(org));
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString, "SELECT count(*) FROM tasks WHERE project_id = $1", project));
        Assert.Equal(Refusal.NotFound, (await delete.HandleAsync(new DeleteProject(project), Ct)).Refused?.Kind);
    }

    // A fresh organization owned by Alice, with these other members.
    private Task<Guid> NewOrganizationAsync(params (Guid, string)[] others) =>
        TestOrganizations.CreateAsync(app.AdminConnectionString, TestOrganizations.NewSlug("projects"), [(app.Demo.Alice, Roles.Owner), .. others]);

    private Task<string[]> NamesAsync(Guid org) => TestOrganizations.ScalarAsync<string[]>(app.AdminConnectionString,
        "SELECT coalesce(array_agg(name ORDER BY name), '{}') FROM projects WHERE organization_id = $1", org);

    // Another organization, which alice is not in (the shared app's demo organizations stay as seeded).
    private Task<Guid> ForeignOrganizationAsync() =>
        TestOrganizations.CreateAsync(app.AdminConnectionString, TestOrganizations.NewSlug("foreign"), (app.Demo.Carol, Roles.Owner));
}
