using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using TenantSite.Auth;

namespace TenantSite.Live;

/// <summary>
/// Serves one page's Server-Sent Events stream, inside the tenant scope: the page handler that calls it already passed
/// sign-in, membership (404 otherwise) and <c>read:projects</c>, and the request's <see cref="DataScope"/> holds the
/// organization. The stream carries no tenant data, only the name of the page's event (<c>projects</c> on the
/// dashboard, <c>tasks</c> on a project page); the elements listening for it fetch their own fragment through the usual
/// pipeline. It ends when the member is removed or loses <c>read:projects</c> (an <c>end</c> event, on which the page
/// stops listening), when its sign-in ends (sign-out anywhere, a revocation on the Sessions page, the provider's logout), and after <see cref="LiveOptions.StreamLifetime"/> (the browser
/// then reconnects, through every check again).
/// </summary>
public sealed partial class LiveStream(LiveChanges changes, SessionRevocations revocations, IOptions<LiveOptions> options,
    IHostApplicationLifetime host, ILogger<LiveStream> logger)
{
    /// <summary>The event that tells the page to stop listening: it is no longer allowed to.</summary>
    public const string EndEvent = "end";

    // How often the stream looks at the in-memory sign-outs between signals.
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private static void SetStreamHeaders(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // nginx and others buffer responses unless told not to; nothing compresses this one (no compression middleware).
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>
    /// Streams <paramref name="eventName"/> whenever what the page shows changes, until one of the ends above; 429
    /// (before anything is sent) when the user already holds <see cref="LiveOptions.MaxStreamsPerUser"/> streams here.
    /// </summary>
    public async Task<IActionResult> ServeAsync(HttpContext http, Guid? projectId, string eventName)
    {
        var scope = http.RequestServices.GetRequiredService<DataScope>();
        if (scope is not { OrganizationId: { } organizationId, UserId: { } userId })
            throw new InvalidOperationException("A live stream is served only inside an organization whose membership was confirmed.");
        var response = http.Response;
        // HEAD (which Razor Pages routes to the GET handler): the stream's headers, and no stream that nobody would read.
        if (HttpMethods.IsHead(http.Request.Method))
        {
            SetStreamHeaders(response);
            return new EmptyResult();
        }
        var settings = options.Value;
        using var subscriber = changes.TrySubscribe(organizationId, projectId, userId, settings.MaxStreamsPerUser);
        if (subscriber is null)
        {
            LogTooMany(settings.MaxStreamsPerUser);
            http.Response.Headers.RetryAfter = "30";
            return new StatusCodeResult(StatusCodes.Status429TooManyRequests);
        }

        SetStreamHeaders(response);
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        // A stopping instance ends its streams at once instead of holding the shutdown: the browsers reconnect elsewhere.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, host.ApplicationStopping);
        var ct = ending.Token;
        var wait = settings.HeartbeatInterval < CheckInterval ? settings.HeartbeatInterval : CheckInterval;
        var family = http.User.FindFirst(TenantSiteClaims.SessionFamily)?.Value;
        var role = (await http.RequestServices.GetRequiredService<CurrentMemberships>().GetCurrentAsync(ct))?.Role;
        var lifetime = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        try
        {
            // The browser waits this long before it reconnects a stream that ended.
            await WriteAsync(response, "retry: 2000\n: live\n\n", ct);
            while (lifetime.Elapsed < settings.StreamLifetime)
            {
                var signals = await subscriber.WaitAsync(wait, ct);
                if (revocations.IsRevoked(family)) return await EndAsync(response, ct);
                if (signals.HasFlag(LiveSignals.Membership))
                {
                    var now = await RoleAsync(http, userId, ct);
                    if (!Permissions.Has(now, Permissions.ReadProjects))
                    {
                        LogEnded();
                        return await EndAsync(response, ct);
                    }
                    // A new role changes what the page may offer (buttons): its fragments are fetched again.
                    if (now != role) signals |= LiveSignals.Refresh;
                    role = now;
                }
                if (signals.HasFlag(LiveSignals.Refresh))
                {
                    await WriteAsync(response, $"event: {eventName}\ndata: {eventName}\n\n", ct);
                    quiet.Restart();
                }
                else if (quiet.Elapsed >= settings.HeartbeatInterval)
                {
                    await WriteAsync(response, ":\n\n", ct);
                    quiet.Restart();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page was closed, or the instance is stopping.
        }
        catch (Exception e) when (e.IsDatabaseUnavailable())
        {
            // The membership could not be checked: end without the end event, so the browser reconnects, and is let in
            // again only through the usual checks once the database answers.
            LogUnchecked(e.Message);
        }
        return new EmptyResult();
    }

    // One query: the user's role in the stream's organization now (null: no longer a member). The tenant query filter
    // and RLS bind it to the organization the request's data scope entered, as on every page.
    private static Task<string?> RoleAsync(HttpContext http, Guid userId, CancellationToken ct) =>
        http.RequestServices.GetRequiredService<AppDbContext>().Members.AsNoTracking()
            .Where(m => m.UserId == userId).Select(m => m.Role).SingleOrDefaultAsync(ct);

    private static async Task<IActionResult> EndAsync(HttpResponse response, CancellationToken ct)
    {
        await WriteAsync(response, $"event: {EndEvent}\ndata: {EndEvent}\n\n", ct);
        return new EmptyResult();
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await response.Body.FlushAsync(ct);
    }

    [LoggerMessage(LogLevel.Warning, "Refused a live stream: the user already holds {Max} here.")]
    private partial void LogTooMany(int max);

    [LoggerMessage(LogLevel.Warning, "Ended a live stream whose membership could not be checked: {Reason}")]
    private partial void LogUnchecked(string reason);

    [LoggerMessage(LogLevel.Information, "Ended a live stream: its user is no longer a member with read:projects.")]
    private partial void LogEnded();
}
