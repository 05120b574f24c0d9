using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace TenantSite.Data;

/// <summary>
/// Registers the database: one pooled data source as the runtime role, the DbContext and its interceptor, and the
/// listener for notifications from the database.
/// </summary>
public static class DataExtensions
{
    /// <summary>The runtime connection (role <c>tenantsite_app</c>: no ownership, no RLS bypass).</summary>
    public const string RuntimeConnection = "TenantSite";

    /// <summary>The owner connection, used only by <c>migrate</c>.</summary>
    public const string AdminConnection = "TenantSiteAdmin";

    /// <summary>
    /// The optional connection that LISTENs for notifications (<see cref="ListenDataSource"/>): a direct one when the
    /// runtime connection goes through a transaction-mode pooler. Falls back to <see cref="RuntimeConnection"/>.
    /// </summary>
    public const string ListenConnection = "TenantSiteListen";

    public static IServiceCollection AddData(this IServiceCollection services)
    {
        // Read when first needed, so that hosts (and test factories) can still change configuration.
        services.AddSingleton(sp => CreateRuntimeDataSource(
            sp.GetRequiredService<IConfiguration>().GetConnectionString(RuntimeConnection)
            ?? throw new InvalidOperationException($"ConnectionStrings:{RuntimeConnection} is not configured."),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<TenantCommandInterceptor>();
        services.AddScoped<DataScope>();
        // Contexts are pooled: creating one per request (options, internal services, model lookup) was costly
        // (bench/RESULTS.md). Each request leases one with its own DataScope; disposing it at the
        // end of the request returns it to the pool without that scope.
        services.AddSingleton(sp => new PooledDbContextFactory<AppDbContext>(
            new DbContextOptionsBuilder<AppDbContext>()
                .UseTenantSite(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TenantCommandInterceptor>())
                // Others' reactions to saved changes (Auth's membership cache), without Data knowing them.
                .AddInterceptors(sp.GetServices<ISaveChangesInterceptor>())
                // EF logs to the app's sinks, inside the request's scopes (organization, user). Parameter values stay out:
                // nothing calls EnableSensitiveDataLogging.
                .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
                // EF's guard against two operations at once on one context sets an AsyncLocal around every row it reads
                // (two ExecutionContext copies a row: 6 KB of the dashboard's allocations). Each request has its own
                // context and awaits each query before the next; a second command on the connection meanwhile would
                // still be refused, by Npgsql.
                .EnableThreadSafetyChecks(false)
                // A failed command is not an error in itself: the pages turn expected ones (a taken slug) into messages,
                // and the exception handler logs any other once, at Error. EF's own account of it, with the SQL, is Information.
                .ConfigureWarnings(w => w.Log(
                    (RelationalEventId.CommandError, LogLevel.Information), (RelationalEventId.ConnectionError, LogLevel.Information),
                    (CoreEventId.QueryIterationFailed, LogLevel.Information), (CoreEventId.SaveChangesFailed, LogLevel.Information)))
                .Options));
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<PooledDbContextFactory<AppDbContext>>().CreateDbContext();
            db.Scope = sp.GetRequiredService<DataScope>();
            return db;
        });
        services.AddHostedService<RuntimeRoleGuard>();
        // Other instances (and any other writer) change organizations too: the database's trigger on organizations
        // notifies every instance, which keeps each tenant cache current within moments instead of its expiry.
        services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return new ListenDataSource(configuration.GetConnectionString(ListenConnection) is { Length: > 0 } listen
                ? listen
                : configuration.GetConnectionString(RuntimeConnection)
                  ?? throw new InvalidOperationException($"ConnectionStrings:{RuntimeConnection} is not configured."));
        });
        services.AddSingleton<IChannelSubscription, OrganizationChanges>();
        services.AddHostedService<DatabaseNotifications>();
        return services;
    }

    /// <summary>
    /// The runtime role's data source. Unless the connection string says otherwise, Npgsql prepares the statements a
    /// connection runs most (<c>Max Auto Prepare=20</c>): PostgreSQL then plans a page's queries once per connection
    /// instead of on every request (measured in bench/RESULTS.md). Set
    /// <c>Max Auto Prepare=0</c> for a pooler that cannot keep prepared statements (PgBouncer before 1.21, or with
    /// <c>max_prepared_statements = 0</c>).
    /// </summary>
    public static NpgsqlDataSource CreateRuntimeDataSource(string connectionString, ILoggerFactory? loggerFactory = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Npgsql's own log lines (connection failures, at Debug its commands): never parameter values, which would take
        // EnableParameterLogging; never the password.
        if (loggerFactory is not null) builder.UseLoggerFactory(loggerFactory);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            builder.ConnectionStringBuilder.MaxAutoPrepare = 20;
        // Faster, and not taken (bench/RESULTS.md says why). Refused rather than half-working: the
        // key store's synchronous reads would fail and the app would hang at its first page.
        if (builder.ConnectionStringBuilder.Multiplexing)
            throw new InvalidOperationException(MultiplexingRefused);
        return builder.Build();
    }

    /// <summary>Why the runtime connection string may not turn on Npgsql's multiplexing.</summary>
    public const string MultiplexingRefused =
        $"ConnectionStrings:{RuntimeConnection} sets Multiplexing=true, which TenantSite does not support: with it a client that " +
        "hangs up no longer cancels its command, synchronous reads (the data-protection key store's) fail, many requests' " +
        "commands share one connection, and Npgsql 11 removes it. Remove Multiplexing from the connection string.";

    /// <summary>The provider settings every AppDbContext uses, whichever role it connects as.</summary>
    public static TBuilder UseTenantSite<TBuilder>(
        this TBuilder options, NpgsqlDataSource dataSource, TenantCommandInterceptor interceptor)
        where TBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(dataSource).AddInterceptors(interceptor);
        return options;
    }
}
