using TenantSite.Infrastructure;
using TenantSite.Data.Entities;
using TenantSite.Org;
using TenantSite.Org.Tasks;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Org.Tasks;

/// <summary>
/// The task commands themselves, as the project page and the API make them, against the real database: the rules the
/// page and the API cannot reach on their own or do not show.
/// </summary>
public sealed class TaskCommandsShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddATaskOnlyToAProjectOfThisOrganizationWhateverTheTitle()
    {
        var (org, project) = await NewProjectAsync();
        var foreign = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, await ForeignOrganizationAsync(), "Foreign", []);
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);
        var add = alice.Get<AddTask.Handler>();

        Assert.Equal(Refusal.NotFound, (await add.HandleAsync(new AddTask(foreign, ""), Ct)).Refused?.Kind);
        Assert.Equal(Refusal.NotFound, (await add.HandleAsync(new AddTask(foreign, "Planted"), Ct)).Refused?.Kind);
        Assert.Equal([new FieldError(nameof(AddTask.Title), TaskRules.EnterTitle)], (await add.HandleAsync(new AddTask(project, " "), Ct)).Refused?.Errors);
        Assert.Equal("Kept", (await add.HandleAsync(new AddTask(project, "  Kept  "), Ct)).Value.Title);
        Assert.Equal(["Kept"], await TitlesAsync(project));
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString, "SELECT count(*) FROM tasks WHERE project_id = $1", foreign));
    }

    // The project page names its project in the route: a task of another project, even of the same organization, is not found there.
    [Fact]
    public async Task ChangeOrDeleteATaskOnlyWithinTheProjectNamed()
    {
        var (org, project) = await NewProjectAsync("Stays");
        var other = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Other", []);
        var task = await TaskIdAsync(project);
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);

        var changed = await alice.Get<ChangeTask.Handler>().HandleAsync(new ChangeTask(task, "Moved") { ProjectId = other }, Ct);
        var deleted = await alice.Get<DeleteTask.Handler>().HandleAsync(new DeleteTask(task) { ProjectId = other }, Ct);

        Assert.Equal(Refusal.NotFound, changed.Refused?.Kind);
        Assert.Equal(Refusal.NotFound, deleted.Refused?.Kind);
        Assert.Equal(["Stays"], await TitlesAsync(project));
    }

    [Fact]
    public async Task ToggleFromWhatTheRowHoldsAndSetCompletionAsAsked()
    {
        var (org, project) = await NewProjectAsync("Flip");
        var task = await TaskIdAsync(project);
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);
        var change = alice.Get<ChangeTask.Handler>();

        async Task<bool> CompletedAfter(Completion completion) =>
            (await change.HandleAsync(new ChangeTask(task, Completion: completion), Ct)).Value.Completed;

        var seen = new List<bool>();
        foreach (var completion in new[] { Completion.Toggle, Completion.Toggle, Completion.Done, Completion.Done, Completion.Open, Completion.Open })
            seen.Add(await CompletedAfter(completion));

        Assert.Equal([true, false, true, true, false, false], seen);
    }

    [Fact]
    public async Task RefuseAChangeOfNothingAsAWhole()
    {
        var (org, project) = await NewProjectAsync("Untouched");
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);

        var result = await alice.Get<ChangeTask.Handler>().HandleAsync(new ChangeTask(await TaskIdAsync(project)), Ct);

        Assert.Equal([new FieldError(FieldError.Whole, ChangeTask.NothingToChange)], result.Refused?.Errors);
    }

    [Fact]
    public async Task RefuseEachWriteToARoleWithoutItsPermission()
    {
        var (org, project) = await NewProjectAsync([(app.Demo.Bob, Roles.Viewer), (app.Demo.Carol, Roles.Member)], "Kept");
        var task = await TaskIdAsync(project);
        await using var viewer = await MemberScope.EnterAsync(app, org, app.Demo.Bob);
        await using var member = await MemberScope.EnterAsync(app, org, app.Demo.Carol);

        var refusals = new[]
        {
            (await viewer.Get<AddTask.Handler>().HandleAsync(new AddTask(project, "New"), Ct)).Refused,
            (await viewer.Get<ChangeTask.Handler>().HandleAsync(new ChangeTask(task, Completion: Completion.Toggle), Ct)).Refused,
            (await member.Get<DeleteTask.Handler>().HandleAsync(new DeleteTask(task), Ct)).Refused,
        };

        Assert.All(refusals, refused => Assert.Equal(Refusal.Forbidden, refused?.Kind));
        Assert.Equal(["Kept"], await TitlesAsync(project));
    }

    private Task<(Guid Org, Guid Project)> NewProjectAsync(params string[] tasks) => NewProjectAsync([], tasks);

    // A fresh organization owned by Alice, with these other members and one project with these tasks.
    private async Task<(Guid Org, Guid Project)> NewProjectAsync((Guid, string)[] others, params string[] tasks)
    {
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, TestOrganizations.NewSlug("tasks"),
            [(app.Demo.Alice, Roles.Owner), .. others]);
        return (org, await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Project", tasks));
    }

    private Task<Guid> TaskIdAsync(Guid project) =>
        TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString, "SELECT id FROM tasks WHERE project_id = $1", project);

    private Task<string[]> TitlesAsync(Guid project) => TestOrganizations.ScalarAsync<string[]>(app.AdminConnectionString,
        "SELECT coalesce(array_agg(title ORDER BY title), '{}') FROM tasks WHERE project_id = $1", project);

    // Another organization, which alice is not in (the shared app's demo organizations stay as seeded).
    private Task<Guid> ForeignOrganizationAsync() =>
        TestOrganizations.CreateAsync(app.AdminConnectionString, TestOrganizations.NewSlug("foreign"), (app.Demo.Carol, Roles.Owner));
}
