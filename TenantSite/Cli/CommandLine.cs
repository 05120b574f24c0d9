namespace TenantSite.Cli;

/// <summary>The verbs <c>migrate</c>, <c>seed-demo</c>, <c>seed-scale</c> and <c>openapi</c>; with no verb the app serves.</summary>
public static class CommandLine
{
    /// <summary>True when the first argument names a command rather than host configuration.</summary>
    public static bool IsCommand(string[] args) => args is ["migrate", ..] or ["seed-demo", ..] or ["seed-scale", ..] or ["openapi", ..];

    /// <summary>Runs the command and returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TenantSite.Cli");
        try
        {
            switch (args[0])
            {
                case "migrate":
                    await MigrateCommand.RunAsync(app.Configuration, logger, app.Lifetime.ApplicationStopping);
                    break;
                case "seed-demo":
                    await SeedDemoCommand.RunAsync(app.Services, app.Configuration, logger, app.Lifetime.ApplicationStopping);
                    break;
                case "seed-scale":
                    if (SeedScaleCommand.Shape.Parse(args[1..], out var error) is not { } shape)
                    {
                        logger.LogError("seed-scale: {Error}", error);
                        return 2;
                    }
                    await SeedScaleCommand.RunAsync(app.Configuration, shape, logger, app.Lifetime.ApplicationStopping);
                    break;
                case "openapi":
                    if (args is not [_, var path])
                    {
                        logger.LogError("openapi: name the file to write, e.g. openapi TenantSite/Api/openapi.v1.json");
                        return 2;
                    }
                    await OpenApiCommand.RunAsync(app, path, app.Lifetime.ApplicationStopping);
                    break;
            }
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException)
        {
            logger.LogError("{Command} failed: {Message}", args[0], ex.Message);
            return 1;
        }
    }
}
