using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace TenantSite.Data;

/// <summary>
/// How <c>dotnet ef</c> builds an <see cref="AppDbContext"/>: with the app's provider settings, without starting the
/// app. Adding migrations and checking for model changes never connect; <c>migrations list</c> connects as the owner
/// (<c>ConnectionStrings:TenantSiteAdmin</c>), because only the owner may read the migrations history.
/// </summary>
public sealed class DesignTimeAppDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    /// <summary>Creates the context; <paramref name="args"/> are what follows <c>--</c> on the dotnet-ef command line.</summary>
    public AppDbContext CreateDbContext(string[] args)
    {
        var connectionString = DesignTimeConfiguration(args).GetConnectionString(DataExtensions.AdminConnection);
        var options = new DbContextOptionsBuilder<AppDbContext>();
        if (string.IsNullOrEmpty(connectionString))
            options.UseNpgsql(); // No database configured: enough for everything but commands that connect.
        else // Never disposed: the tool's process ends with the command.
            options.UseTenantSite(NpgsqlDataSource.Create(connectionString), new TenantCommandInterceptor());
        return new AppDbContext(options.Options);
    }

    // The app's own sources, in its order. dotnet-ef runs in the project directory and sets the environment
    // (Development unless --environment says otherwise).
    private static IConfiguration DesignTimeConfiguration(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;
        var builder = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true);
        if (environment == Environments.Development) builder.AddUserSecrets<AppDbContext>(optional: true);
        return builder.AddEnvironmentVariables().AddCommandLine(args).Build();
    }
}
