using Microsoft.Extensions.Options;

namespace TenantSite.Auth;

/// <summary>
/// Keeps this instance's <see cref="SessionRevocations"/> current: loads them before the app serves, then polls every
/// <see cref="SessionRevocationOptions.PollInterval"/> (and writes the <see cref="SessionSightings"/>), and cleans up
/// every <see cref="SessionRevocationOptions.CleanupInterval"/>.
/// Independent of any notification channel: a poll is one small indexed query, and it also heals after an outage.
/// </summary>
internal sealed class SessionRevocationPoll(SessionRevocations revocations, SessionSightings sightings,
    IOptions<SessionRevocationOptions> options, ILogger<SessionRevocationPoll> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the first request: a database that is down now is retried by every poll (and pages need it anyway).
        await revocations.PollAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextCleanup = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!await revocations.PollAsync(stoppingToken)) continue;
                try
                {
                    await sightings.FlushAsync(stoppingToken);
                }
                catch (System.Data.Common.DbException ex)
                {
                    logger.LogWarning(ex, "Could not record when sessions were last used.");
                }
                if (DateTimeOffset.UtcNow < nextCleanup) continue;
                try
                {
                    await revocations.CleanUpAsync(stoppingToken);
                    nextCleanup = DateTimeOffset.UtcNow + options.Value.CleanupInterval;
                }
                catch (System.Data.Common.DbException ex)
                {
                    logger.LogWarning(ex, "Could not delete expired sign-outs; the next poll tries again.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
