using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Npgsql;
using TenantSite.Cli;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Deployment;

/// <summary>
/// docker-compose.yml, as <c>docker-compose config</c> reads it with no variables set, against what its services run:
/// the app (the configuration keys it really reads, recorded by <see cref="ComposeAppFactory"/>), TenantSite/Dockerfile,
/// tools/dev-idp and the postgres image.
/// </summary>
[RunsLong]
public sealed partial class DockerComposeShould(ComposeAppFactory app) : IClassFixture<ComposeAppFactory>
{
    private static readonly string Root = DevIdp.RepositoryRoot();
    private static readonly string AppDockerfile = Path.Combine(Root, "TenantSite", "Dockerfile");

    // The postgres image's documented variables (https://hub.docker.com/_/postgres, "Environment Variables").
    private static readonly HashSet<string> PostgresImageReads =
        ["POSTGRES_PASSWORD", "POSTGRES_USER", "POSTGRES_DB", "POSTGRES_INITDB_ARGS", "POSTGRES_INITDB_WALDIR",
         "POSTGRES_HOST_AUTH_METHOD", "PGDATA"];

    [Fact]
    public async Task BeValidWithNoVariablesSet()
    {
        var compose = await ComposeFile.ReadAsync();

        Assert.True(compose.ExitCode == 0, compose.Errors);
        Assert.Equal("", compose.Errors.Trim()); // Compose warns about (and blanks) any variable without a default
        Assert.Equal(new[] { "app", "db", "dev-idp", "migrate" }, compose.Services.Keys.Order());
    }

    [Fact]
    public async Task BuildEveryImageFromFilesThatExist()
    {
        var compose = await ComposeFile.ReadAsync();

        foreach (var service in compose.Services.Values.Where(s => s.BuildContext is not null))
        {
            Assert.True(Directory.Exists(service.BuildContext), $"{service.Name}: no build context {service.BuildContext}");
            Assert.True(File.Exists(service.Dockerfile), $"{service.Name}: no Dockerfile {service.Dockerfile}");
            foreach (var copy in DockerfileInstructions.Read(service.Dockerfile!).Where(i => i.Keyword is "COPY" or "ADD" && !i.Arguments.Contains("--from=")))
            {
                foreach (var source in copy.Words()[..^1])
                    Assert.True(Path.Exists(Path.Combine(service.BuildContext!, source)), $"{service.Name}: {copy.Keyword} {source}: not in the context");
            }
        }
        Assert.All(compose.Services.Values, s => Assert.True(s.BuildContext is not null || s.Image is not null, s.Name));
    }

    [Fact]
    public async Task SetOnlyKeysTheAppReadsWhereItRuns()
    {
        var compose = await ComposeFile.ReadAsync();
        Assert.Contains("Oidc:Authority", app.ReadWhileServing); // the recording works (else every key below would fail)

        var unread = new List<string>();
        foreach (var service in compose.Services.Values.Where(s => s.Dockerfile == AppDockerfile))
        {
            // The migrate service runs commands; the others serve, and must not get what only the commands read
            // (the owner connection above all).
            var commands = Commands(service);
            var read = commands.Count > 0 ? app.ReadWhileServing.Union(app.ReadByCommands, StringComparer.OrdinalIgnoreCase) : app.ReadWhileServing;
            unread.AddRange(service.Environment.Keys.Where(key => !IsHostSetting(key) && !read.Contains(ConfigurationKey(key)))
                .Select(key => $"{service.Name}: {key} (the app {(commands.Count > 0 ? "running " + string.Join(", ", commands) : "serving")})"));
        }

        // A typo, or a setting read on a path that ComposeAppFactory does not take (then take it there).
        Assert.Empty(unread);
    }

    [Fact]
    public async Task RunOnlyCommandsTheAppKnows()
    {
        var migrate = (await ComposeFile.ReadAsync()).Services["migrate"];

        Assert.Equal(new[] { "migrate", "seed-demo" }, Commands(migrate));
        Assert.All(Commands(migrate), c => Assert.True(CommandLine.IsCommand([c]), c));
        Assert.Equal(new[] { "NONE" }, migrate.HealthcheckTest); // it serves nothing for the image's HEALTHCHECK to find
    }

    [Fact]
    public async Task SetOnlyKeysDevIdpAndPostgresRead()
    {
        var compose = await ComposeFile.ReadAsync();
        var devIdpReads = DevIdpEnv().Matches(File.ReadAllText(Path.Combine(Root, "tools", "dev-idp", "index.mjs")))
            .Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("DEV_IDP_HOST", devIdpReads);
        var db = compose.Services["db"];
        var initScriptsRead = InitScripts(db).SelectMany(s => ShellVariable().Matches(File.ReadAllText(s)).Select(m => m.Groups[1].Value));

        Assert.Subset(devIdpReads, compose.Services["dev-idp"].Environment.Keys.ToHashSet());
        Assert.Subset(PostgresImageReads.Union(initScriptsRead).ToHashSet(), db.Environment.Keys.ToHashSet());
        Assert.StartsWith("postgres:", db.Image);
    }

    // migrate runs as production's should: as the owner role the db service's init script makes (ordinary, so that
    // FORCEd RLS binds it), with that role's password; the superuser only makes it.
    [Fact]
    public async Task MigrateAsTheOwnerRoleNotTheSuperuser()
    {
        var compose = await ComposeFile.ReadAsync();
        var db = compose.Services["db"];
        var owner = new NpgsqlConnectionStringBuilder(compose.Services["migrate"].Environment["ConnectionStrings__TenantSiteAdmin"]);
        var scripts = InitScripts(db).Select(File.ReadAllText).ToList();

        Assert.Equal(PostgresServer.OwnerRole, owner.Username);
        Assert.Equal(db.Environment["TENANTSITE_OWNER_PASSWORD"], owner.Password);
        Assert.Contains(scripts, s => s.Contains($"CREATE ROLE {PostgresServer.OwnerRole} LOGIN NOSUPERUSER NOBYPASSRLS", StringComparison.Ordinal)
                                      && s.Contains($"OWNER TO {PostgresServer.OwnerRole}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GiveTheBrowserAndTheAppOneIssuerEachCanReach()
    {
        var compose = await ComposeFile.ReadAsync();
        var idp = compose.Services["dev-idp"];
        var appEnv = compose.Services["app"].Environment;
        var issuer = new Uri(idp.Environment["DEV_IDP_ISSUER"]);
        var port = idp.Environment["DEV_IDP_PORT"];

        // Tokens name the issuer the browser is sent to, and the app checks it.
        Assert.Equal(issuer.AbsoluteUri.TrimEnd('/'), appEnv["Oidc__Authority"]);
        // The browser on the host: the issuer is loopback, where dev-idp's port is published (on loopback only).
        Assert.True(issuer.IsLoopback, $"{issuer}: a browser on the host reaches dev-idp on loopback only");
        Assert.Contains($"127.0.0.1:{issuer.Port}:{port}/tcp", idp.Ports);
        Assert.All(compose.Services.Values.SelectMany(s => s.Ports), p => Assert.StartsWith("127.0.0.1:", p));
        // The app: to the dev-idp service by name on the compose network, where dev-idp listens on every interface.
        Assert.Equal("0.0.0.0", idp.Environment["DEV_IDP_HOST"]);
        Assert.Equal($"{idp.Name}:{port}", appEnv["Oidc__BackchannelConnectTo"]);
        Assert.All(compose.Services.Values, s => Assert.Null(s.NetworkMode));
    }

    [Fact]
    public async Task ServeTheAppOnThePortItsImageListensOnAsTheRuntimeRole()
    {
        var compose = await ComposeFile.ReadAsync();
        var service = compose.Services["app"];
        var imagePort = DockerfileInstructions.Read(AppDockerfile)
            .Single(i => i.Keyword == "ENV" && i.Arguments.StartsWith("ASPNETCORE_HTTP_PORTS=")).Arguments.Split('=')[1];

        Assert.Equal(new[] { $"127.0.0.1:5000:{imagePort}/tcp" }, service.Ports);
        var database = new NpgsqlConnectionStringBuilder(service.Environment["ConnectionStrings__TenantSite"]);
        Assert.Equal(PostgresServer.RuntimeRole, database.Username);
        Assert.StartsWith("postgres:", compose.Services[database.Host!].Image);
        Assert.DoesNotContain("ConnectionStrings__TenantSiteAdmin", service.Environment.Keys);
    }

    /// <summary>The app's commands a service runs (<c>dotnet TenantSite.dll migrate</c> → migrate), in order.</summary>
    private static List<string> Commands(ComposeService service) =>
        AppCommand().Matches(string.Join(' ', service.Entrypoint)).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The files a service mounts into the postgres image's init folder, each checked to exist.</summary>
    private static List<string> InitScripts(ComposeService service)
    {
        var scripts = service.Volumes.Select(v => v.Split(':')).Where(v => v.Length >= 2 && v[1].StartsWith("/docker-entrypoint-initdb.d/", StringComparison.Ordinal))
            .Select(v => v[0]).ToList();
        Assert.All(scripts, s => Assert.True(File.Exists(s), $"{service.Name}: no init script {s}"));
        Assert.NotEmpty(scripts);
        return scripts;
    }

    /// <summary>Environment to configuration key: <c>Oidc__Authority</c> → <c>Oidc:Authority</c>.</summary>
    private static string ConfigurationKey(string variable) => variable.Replace("__", ":");

    /// <summary>
    /// <c>ASPNETCORE_</c>/<c>DOTNET_</c> variables name host settings (<c>ASPNETCORE_ENVIRONMENT</c> → <c>environment</c>),
    /// the keys of <see cref="WebHostDefaults"/> and <see cref="HostDefaults"/>.
    /// </summary>
    private static bool IsHostSetting(string variable)
    {
        var prefix = new[] { "ASPNETCORE_", "DOTNET_" }.FirstOrDefault(p => variable.StartsWith(p, StringComparison.Ordinal));
        if (prefix is null) return false;
        var key = variable[prefix.Length..];
        return new[] { typeof(WebHostDefaults), typeof(HostDefaults) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(string))
            .Any(f => string.Equals((string?)f.GetValue(null), key, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"TenantSite\.dll ([a-z-]+)")]
    private static partial Regex AppCommand();

    [GeneratedRegex(@"\benv\.(DEV_IDP_[A-Z_]+)")]
    private static partial Regex DevIdpEnv();

    [GeneratedRegex(@"\$\{?([A-Z][A-Z0-9_]*)")]
    private static partial Regex ShellVariable();
}
