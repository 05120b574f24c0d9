using System.Net;

namespace TenantSite.Tests.RateLimits;

/// <summary>What every answer over a limit carries.</summary>
public static class TooManyRequestsAssert
{
    /// <summary>
    /// 429 with Retry-After in whole seconds, no longer than one refill step of a <paramref name="perMinute"/> bucket
    /// (a minute / <paramref name="perMinute"/>). Returns the seconds.
    /// </summary>
    public static int Rejected(HttpResponseMessage response, int perMinute)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var seconds = (int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(seconds, 1, (int)Math.Ceiling(60.0 / perMinute));
        return seconds;
    }

    /// <summary>The message the page and the htmx flash both show.</summary>
    public static string Message(int seconds) => $"Too many requests, try again in {seconds} second{(seconds == 1 ? "" : "s")}.";
}
