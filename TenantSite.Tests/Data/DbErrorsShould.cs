using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TenantSite.Data;

namespace TenantSite.Tests.Data;

/// <summary>Which failures are an outage (answered 503, worth retrying) and which are not.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class DbErrorsShould
{
    [Fact]
    public void CountARefusedOrTimedOutConnectionAsAnOutageHoweverWrapped()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        var timedOut = new NpgsqlException("The connection pool has been exhausted", new TimeoutException());

        Assert.True(refused.IsDatabaseUnavailable());
        Assert.True(timedOut.IsDatabaseUnavailable());
        Assert.True(new DbUpdateException("Saving failed", refused).IsDatabaseUnavailable());
        Assert.True(new InvalidOperationException("A transient failure", refused).IsDatabaseUnavailable());
    }

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown)]
    [InlineData(PostgresErrorCodes.CrashShutdown)]
    [InlineData(PostgresErrorCodes.CannotConnectNow)]
    [InlineData(PostgresErrorCodes.TooManyConnections)]
    [InlineData(PostgresErrorCodes.ConnectionFailure)]
    public void CountAServerGoingDownComingUpOrFullAsAnOutage(string sqlState) =>
        Assert.True(new PostgresException("unavailable", "FATAL", "FATAL", sqlState).IsDatabaseUnavailable());

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation)]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    [InlineData(PostgresErrorCodes.InsufficientPrivilege)]
    [InlineData(PostgresErrorCodes.QueryCanceled)]
    public void NotCountTheServersOtherErrorsAsAnOutage(string sqlState) =>
        Assert.False(new DbUpdateException("Saving failed", new PostgresException("refused", "ERROR", "ERROR", sqlState)).IsDatabaseUnavailable());

    [Fact]
    public void NotCountABugAsAnOutage() =>
        Assert.False(new InvalidOperationException("Sequence contains no elements").IsDatabaseUnavailable());
}
