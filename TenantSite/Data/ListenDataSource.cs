using Npgsql;

namespace TenantSite.Data;

/// <summary>
/// The data source of <see cref="DatabaseNotifications"/>: <c>ConnectionStrings:TenantSiteListen</c>, or else the
/// runtime connection. LISTEN needs a session that stays on one server connection, which PgBouncer's transaction
/// pooling cannot give: behind such a pooler, point <c>TenantSiteListen</c> at PostgreSQL itself (or at a session-mode
/// pool). Any role may LISTEN, so the runtime role needs no grant for it.
/// </summary>
public sealed class ListenDataSource : IDisposable, IAsyncDisposable
{
    /// <summary>The application name the listener shows in <c>pg_stat_activity</c> unless its connection string sets one.</summary>
    public const string ApplicationName = "tenantsite-listener";

    /// <summary>Keepalive interval unless the connection string sets one: a silently dead connection is noticed.</summary>
    public const int KeepAliveSeconds = 30;

    public ListenDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(string key) => given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals(key, StringComparison.OrdinalIgnoreCase));

        // Its one connection is held for the app's life, and a broken one must be closed, not pooled.
        settings.Pooling = false;
        if (!Given("ApplicationName")) settings.ApplicationName = ApplicationName;
        // Wait() sends a keepalive after this long without a message, so a dead peer shows up as an error, not silence.
        if (!Given("KeepAlive")) settings.KeepAlive = KeepAliveSeconds;
        DataSource = builder.Build();
    }

    /// <summary>The data source to open the listening connection from.</summary>
    public NpgsqlDataSource DataSource { get; }

    public void Dispose() => DataSource.Dispose();

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
