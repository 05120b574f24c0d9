using System.ComponentModel.DataAnnotations;

namespace TenantSite.Auth;

/// <summary>Configuration section <c>SessionRevocations</c>: how other instances learn of a sign-out.</summary>
public sealed class SessionRevocationOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "SessionRevocations";

    /// <summary>
    /// How often each instance reads the sign-outs of the others: the bound on how long another instance may still
    /// accept a signed-out session (plus one query). One small indexed query per interval and instance.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00",
        ErrorMessage = "SessionRevocations:PollInterval must be between {1} and {2} (hh:mm:ss).")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each instance deletes the revocations that outlived every cookie they could concern.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00",
        ErrorMessage = "SessionRevocations:CleanupInterval must be between {1} and {2} (d.hh:mm:ss).")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
