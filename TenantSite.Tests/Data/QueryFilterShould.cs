using Microsoft.EntityFrameworkCore;
using TenantSite.Data;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The application layer alone: EF Core over a superuser connection, which RLS does not bind. The query filters and
/// the SaveChanges checks must still isolate every tenant.
/// </summary>
// A host of its own: it writes to the demo organizations (acme, globex) or counts their rows, which classes on the shared app leave alone.
public sealed class QueryFilterShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private ScopedContext Owner(Guid? org) => new(app.AdminConnectionString, org, app.Demo.Alice);

    [Fact]
    public async Task ShowEachTenantOnlyItsOwnRowsWithRlsOutOfThePicture()
    {
        await using var acme = Owner(app.Demo.Acme);
        await using var globex = Owner(app.Demo.Globex);

        Assert.Equal(3, await acme.Db.Projects.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, await globex.Db.Projects.CountAsync(TestContext.Current.CancellationToken));
        Assert.All(await acme.Db.Tasks.ToListAsync(TestContext.Current.CancellationToken), t => Assert.Equal(app.Demo.Acme, t.OrganizationId));
        Assert.All(await globex.Db.Members.ToListAsync(TestContext.Current.CancellationToken), m => Assert.Equal(app.Demo.Globex, m.OrganizationId));
        // Proof that RLS really is out of the picture on this connection:
        Assert.Equal(5, await acme.Db.Projects.IgnoreQueryFilters().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ShowNoTenantRowsWhenNoTenantIsSet()
    {
        await using var none = Owner(null);
        Assert.Empty(await none.Db.Projects.ToListAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await none.Db.Tasks.ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task StampTheCurrentTenantOnAddedRows()
    {
        await using var acme = Owner(app.Demo.Acme);
        var project = new Project { Name = "Stamped" };
        acme.Db.Projects.Add(project);
        await acme.Db.SaveChangesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(app.Demo.Acme, project.OrganizationId);
        Assert.NotEqual(default, project.CreatedAt);
        acme.Db.Projects.Remove(project);
        await acme.Db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task RefuseToAddARowToAnotherTenant()
    {
        await using var acme = Owner(app.Demo.Acme);
        acme.Db.Projects.Add(new Project { Name = "Planted", OrganizationId = app.Demo.Globex });
        await Assert.ThrowsAsync<TenantMismatchException>(() => acme.Db.SaveChangesAsync(TestContext.Current.CancellationToken));
        await AssertNoProjectNamed("Planted");
    }

    [Fact]
    public async Task RefuseToChangeOrDeleteAnotherTenantsRow()
    {
        Project hammock;
        await using (var globex = Owner(app.Demo.Globex))
            hammock = await globex.Db.Projects.AsNoTracking().SingleAsync(p => p.Name == "Hammock district", TestContext.Current.CancellationToken);

        await using var acme = Owner(app.Demo.Acme);
        acme.Db.Projects.Attach(hammock).Entity.Name = "Stolen";
        await Assert.ThrowsAsync<TenantMismatchException>(() => acme.Db.SaveChangesAsync(TestContext.Current.CancellationToken));

        acme.Db.ChangeTracker.Clear();
        acme.Db.Projects.Remove(hammock);
        await Assert.ThrowsAsync<TenantMismatchException>(() => acme.Db.SaveChangesAsync(TestContext.Current.CancellationToken));
        await AssertNoProjectNamed("Stolen");
    }

    [Fact]
    public async Task RefuseToMoveAnOwnRowIntoAnotherTenant()
    {
        await using var acme = Owner(app.Demo.Acme);
        var project = await acme.Db.Projects.FirstAsync(TestContext.Current.CancellationToken);
        project.OrganizationId = app.Demo.Globex;
        // organization_id leads every key, so EF itself refuses the change before the tenant check would.
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => acme.Db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RefuseTenantWritesWithNoTenantSet()
    {
        await using var none = Owner(null);
        none.Db.Projects.Add(new Project { Name = "Orphan", OrganizationId = app.Demo.Acme });
        await Assert.ThrowsAsync<TenantMismatchException>(() => none.Db.SaveChangesAsync(TestContext.Current.CancellationToken));
        await AssertNoProjectNamed("Orphan");
    }

    [Fact]
    public async Task RefuseToPointATaskAtAnotherTenantsProject()
    {
        Guid hammock;
        await using (var globex = Owner(app.Demo.Globex))
            hammock = await globex.Db.Projects.Where(p => p.Name == "Hammock district").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken);

        await using var acme = Owner(app.Demo.Acme);
        acme.Db.Tasks.Add(new TaskItem { Title = "Sneaky", ProjectId = hammock });
        // Stamped into acme, the composite key finds no (acme, hammock) project: the database refuses it.
        await Assert.ThrowsAsync<DbUpdateException>(() => acme.Db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RefuseToChangeAnyOrganizationButTheCurrentOne()
    {
        await using var acme = Owner(app.Demo.Acme);
        var globex = await acme.Db.Organizations.SingleAsync(o => o.Id == app.Demo.Globex, TestContext.Current.CancellationToken);
        globex.Name = "Taken";
        await Assert.ThrowsAsync<TenantMismatchException>(() => acme.Db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    private async Task AssertNoProjectNamed(string name)
    {
        await using var all = Owner(null);
        Assert.False(await all.Db.Projects.IgnoreQueryFilters().AnyAsync(p => p.Name == name, TestContext.Current.CancellationToken));
    }
}
