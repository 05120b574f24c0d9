using System.Net;
using System.Reflection;
using System.Runtime.Versioning;
using TenantSite.Cli;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Deployment;

/// <summary>TenantSite/Dockerfile, read as Docker reads it and checked against the app (no Docker engine runs here).</summary>
public sealed class DockerfileShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static readonly string Root = DevIdp.RepositoryRoot();
    private static readonly IReadOnlyList<DockerInstruction> Instructions =
        DockerfileInstructions.Read(Path.Combine(Root, "TenantSite", "Dockerfile"));
    private static readonly string AppDll = typeof(Program).Assembly.GetName().Name + ".dll";
    private static IEnumerable<DockerInstruction> Runtime => Instructions.Where(i => i.Stage == Instructions.Max(x => x.Stage));

    [Fact]
    public void BuildFromTheOfficialDotNetImagesOfTheAppsFramework()
    {
        // ".NETCoreApp,Version=v10.0" -> "10.0": moving the app to another framework fails here until the images follow.
        var framework = typeof(Program).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName;
        var version = framework[(framework.IndexOf("Version=v", StringComparison.Ordinal) + "Version=v".Length)..];

        Assert.Equal(new[] { $"mcr.microsoft.com/dotnet/sdk:{version} AS build", $"mcr.microsoft.com/dotnet/aspnet:{version}" },
            Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments));
        Assert.DoesNotContain(Instructions, i => i.Keyword == "ARG"); // nothing to pass: `docker compose up` needs no variables
    }

    [Fact]
    public void RunTheAppAsANonRootUser()
    {
        var user = Runtime.Last(i => i.Keyword == "USER").Arguments;

        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
        Assert.Equal(new[] { "dotnet", AppDll }, Runtime.Single(i => i.Keyword == "ENTRYPOINT").ExecForm());
    }

    [Fact]
    public async Task ProbeTheAppsHealthEndpointWithItsOwnCommandOnThePortItListensOn()
    {
        var probe = Runtime.Single(i => i.Keyword == "HEALTHCHECK").ExecForm();
        Assert.Equal(new[] { "dotnet", AppDll }, probe[..2]);
        Assert.True(HealthCheckCommand.IsCommand(probe[2..]), $"'{string.Join(' ', probe[2..])}' is not the app's healthcheck command.");

        var url = new Uri(probe[3]);
        var port = Runtime.Single(i => i.Keyword == "ENV" && i.Arguments.StartsWith("ASPNETCORE_HTTP_PORTS=")).Arguments.Split('=')[1];
        Assert.Equal(port, url.Port.ToString());
        Assert.Equal(port, Runtime.Single(i => i.Keyword == "EXPOSE").Arguments);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(url.Host)));

        // The path answers as the health check does (TestServer: Kestrel's port is the image's business).
        var response = await app.ClientFor("localhost").GetAsync(url.PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void PutOnlyThePublishedAppIntoTheImage()
    {
        // Whatever the build stage holds (packages, sources, a key ring a build step might write), only the publish
        // output reaches the image; the context leaves out local build output and key rings in the first place.
        Assert.Equal(new[] { "--from=build /app ./" }, Runtime.Where(i => i.Keyword is "COPY" or "ADD").Select(i => i.Arguments));
        Assert.Contains("/app", Instructions.Single(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish")).Words());
        Assert.DoesNotContain(Instructions, i => i.Keyword == "VOLUME");

        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore"));
        Assert.Subset(ignored.ToHashSet(), new HashSet<string> { "**/bin/", "**/obj/", "**/DataProtection-Keys/", ".data/" });
    }
}
