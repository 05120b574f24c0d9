using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using TenantSite.Data.Entities;
using TenantSite.Tests.Api.Client;
using TenantSite.Tests.Api.Client.Models;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api;

/// <summary>
/// The published document is usable, not only valid: a C# client Kiota generated from it (Api/Client,
/// tools/openapi/client.sh) drives every operation against the real app, as an integrator's would, through the same
/// contract check as every API test; and the committed client is what Kiota makes of the committed document today.
/// </summary>
public sealed class GeneratedClientShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DriveEveryOperation()
    {
        var (client, slug) = await NewClientAsync(Roles.Member);
        var v1 = client.Api.V1;

        var project = await v1.Projects.PostAsync(new ProjectInput { Name = "From Kiota" },
            c => c.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()), Ct);
        var id = project!.Id!.Value;
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        Assert.Equal("From Kiota", (await v1.Projects[id].GetAsync(c => c.Options.Add(headers), Ct))!.Name);
        var etag = Assert.Single(headers.ResponseHeaders["ETag"]);
        var renamed = await v1.Projects[id].PatchAsync(new ProjectInput { Name = "Renamed by Kiota" }, c => c.Headers.Add("If-Match", etag), Ct);
        Assert.Equal("Renamed by Kiota", renamed!.Name);
        Assert.Equal([id], (await v1.Projects.GetAsync(c => c.QueryParameters.Limit = 10, Ct))!.Items!.Select(p => p.Id!.Value));

        var task = await v1.Projects[id].Tasks.PostAsync(new NewTaskInput { Title = "A task" }, cancellationToken: Ct);
        var taskId = task!.Id!.Value;
        Assert.Equal(id, task.ProjectId);
        var done = await v1.Tasks[taskId].PatchAsync(new TaskChanges { Completed = true }, cancellationToken: Ct);
        Assert.True(done!.Completed);
        Assert.Equal("A task", (await v1.Tasks[taskId].GetAsync(cancellationToken: Ct))!.Title);
        var page = await v1.Projects[id].Tasks.GetAsync(c => c.QueryParameters.Completed = true, Ct);
        Assert.Equal([taskId], page!.Items!.Select(t => t.Id!.Value));
        Assert.Null(page.NextCursor);

        // Keys delete nothing (a member's role): deleting is an owner's, here in a signed-in session.
        var owner = (await OwnerSessionAsync(slug)).Api.V1;
        await owner.Tasks[taskId].DeleteAsync(cancellationToken: Ct);
        await owner.Projects[id].DeleteAsync(c => c.Headers.Add("If-Match", "*"), Ct);
        Assert.Empty((await v1.Projects.GetAsync(cancellationToken: Ct))!.Items!);
    }

    [Fact]
    public async Task RaiseAStaleWriteAs412ProblemDetails()
    {
        var (client, _) = await NewClientAsync(Roles.Member);
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var project = await client.Api.V1.Projects.PostAsync(new ProjectInput { Name = "Shared" }, c => c.Options.Add(headers), Ct);
        var seen = Assert.Single(headers.ResponseHeaders["ETag"]);
        await client.Api.V1.Projects[project!.Id!.Value].PatchAsync(new ProjectInput { Name = "Changed meanwhile" }, cancellationToken: Ct);

        var stale = await Assert.ThrowsAsync<ProblemDetails>(() =>
            client.Api.V1.Projects[project.Id.Value].PatchAsync(new ProjectInput { Name = "Stale" }, c => c.Headers.Add("If-Match", seen), Ct));

        Assert.Equal((412, 412), (stale.ResponseStatusCode, stale.Status));
        Assert.Equal("Changed meanwhile", stale.Title);
    }

    [Fact]
    public async Task RaiseInvalidInputAndAnUnknownIdAsProblemDetails()
    {
        var (client, _) = await NewClientAsync(Roles.Member);

        var invalid = await Assert.ThrowsAsync<HttpValidationProblemDetails>(() =>
            client.Api.V1.Projects.PostAsync(new ProjectInput { Name = "   " }, cancellationToken: Ct));
        var missing = await Assert.ThrowsAsync<ProblemDetails>(() => client.Api.V1.Tasks[Guid.NewGuid()].GetAsync(cancellationToken: Ct));

        Assert.Equal(400, invalid.ResponseStatusCode);
        Assert.Contains("name", invalid.Errors!.AdditionalData.Keys);
        Assert.Equal((404, "Not found"), (missing.ResponseStatusCode, missing.Title));
    }

    [Fact]
    public async Task BeWhatKiotaMakesOfTheCommittedDocument()
    {
        var root = DevIdp.RepositoryRoot();
        var fresh = Path.Combine(Path.GetTempPath(), $"kiota-{Guid.NewGuid():N}");
        try
        {
            var (exitCode, output, errors) = await Processes.RunAsync(Path.Combine(root, "tools", "openapi", "client.sh"), [fresh], root);
            Assert.True(exitCode == 0, $"client.sh exited {exitCode}: {errors}{output}");

            var committed = Path.Combine(root, "TenantSite.Tests", "Api", "Client");
            Assert.Equal(Files(committed), Files(fresh));
            foreach (var file in Files(committed).Where(f => f.EndsWith(".cs", StringComparison.Ordinal)))
                Assert.True(File.ReadAllText(Path.Combine(committed, file)) == File.ReadAllText(Path.Combine(fresh, file)),
                    $"Api/Client/{file} is not what Kiota makes of TenantSite/Api/openapi.v1.json: run tools/openapi/generate.sh.");
        }
        finally
        {
            if (Directory.Exists(fresh)) Directory.Delete(fresh, recursive: true);
        }
    }

    // alice (owner) signed in, with the antiforgery token a session's writes need, as the app's own pages send it.
    private async Task<TenantSiteApiClient> OwnerSessionAsync(string slug)
    {
        var cookies = new System.Net.CookieContainer();
        using var page = new HttpClient(new CookieContainerHandler(cookies) { InnerHandler = app.Server.CreateHandler() })
        {
            BaseAddress = new Uri($"http://{slug}.localhost"),
        };
        page.DefaultRequestHeaders.Add(TestAuthHandler.Header, app.Demo.Alice.ToString());
        var token = (await PageSession.OpenAsync(page, "/")).Token;
        var http = KiotaClientFactory.Create(new CookieContainerHandler(cookies) { InnerHandler = ApiContract.Handler(app.Server.CreateHandler()) });
        http.BaseAddress = page.BaseAddress;
        http.DefaultRequestHeaders.Add(TestAuthHandler.Header, app.Demo.Alice.ToString());
        http.DefaultRequestHeaders.Add("RequestVerificationToken", token);
        return new TenantSiteApiClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http));
    }

    private static List<string> Files(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f)).Order(StringComparer.Ordinal)];

    // The client as an integrator builds it (Kiota's own handlers), its last hop the app in memory through the contract check.
    private async Task<(TenantSiteApiClient Client, string Host)> NewClientAsync(string role)
    {
        var slug = TestOrganizations.NewSlug("kiota");
        var organization = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner));
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization, role);
        var http = KiotaClientFactory.Create(ApiContract.Handler(app.Server.CreateHandler()));
        http.BaseAddress = new Uri($"http://{slug}.localhost");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (new TenantSiteApiClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)), slug);
    }
}
