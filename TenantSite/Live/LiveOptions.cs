using System.ComponentModel.DataAnnotations;

namespace TenantSite.Live;

/// <summary>Configuration section <c>Live</c>: the Server-Sent Events streams of live updates.</summary>
public sealed class LiveOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Live";

    /// <summary>
    /// A comment line after this long without anything else sent, so that proxies and load balancers that close idle
    /// connections keep the stream open.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Live:HeartbeatInterval must be between {1} and {2} (hh:mm:ss).")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Streams one user may hold open at once on one instance (each open page with live updates is one). More are
    /// answered 429: a stream holds a connection for as long as its page is open.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Live:MaxStreamsPerUser must be between {1} and {2}.")]
    public int MaxStreamsPerUser { get; set; } = 6;

    /// <summary>
    /// A stream ends after this long and the browser opens a new one (EventSource reconnects by itself), which passes
    /// sign-in and membership again and lets a load balancer move it to another instance.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Live:StreamLifetime must be between {1} and {2} (d.hh:mm:ss).")]
    public TimeSpan StreamLifetime { get; set; } = TimeSpan.FromMinutes(30);
}
