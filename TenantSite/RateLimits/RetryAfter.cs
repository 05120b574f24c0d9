using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TenantSite.RateLimits;

/// <summary>
/// What a request over a limit gets besides its 429: <c>Retry-After</c> in whole seconds. The body is left empty on
/// purpose: the status code page (<c>/errors/429</c>) says it, as a page or, to htmx, as a flash fragment.
/// </summary>
public static class RetryAfter
{
    /// <summary>The <see cref="RateLimiterOptions.OnRejected"/> of every placement.</summary>
    public static ValueTask OnRejected(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        context.HttpContext.Response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }

    /// <summary>Rounded up, and at least 1: "0 seconds" would invite an immediate retry that fails again.</summary>
    public static int Seconds(TimeSpan wait) => (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));

    /// <summary>The seconds a response's <c>Retry-After</c> names, if it names seconds.</summary>
    public static int? Of(HttpResponse response) =>
        int.TryParse(response.Headers.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
}
