using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace TenantSite.Email;

/// <summary>The <c>Email</c> section: who the app's emails come from and the SMTP server that sends them.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The From header, e.g. <c>TenantSite &lt;no-reply@example.com&gt;</c>.</summary>
    [Required]
    public string From { get; set; } = "TenantSite <no-reply@localhost>";

    public SmtpOptions Smtp { get; set; } = new();

    public sealed class SmtpOptions
    {
        /// <summary>The server's host name; empty means no email is sent (invitation links are shown to copy).</summary>
        public string? Host { get; set; }

        [Range(1, 65535)]
        public int Port { get; set; } = 587;

        /// <summary>
        /// MailKit's <see cref="SecureSocketOptions"/>: <c>StartTls</c> (the default: port 587 must encrypt),
        /// <c>SslOnConnect</c> (port 465), <c>StartTlsWhenAvailable</c>, or <c>None</c> (a local sink only).
        /// </summary>
        public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

        /// <summary>Set both to authenticate; neither for a server that needs no login.</summary>
        public string? UserName { get; set; }
        public string? Password { get; set; }

        /// <summary>How long one send may take before the inviter is shown the link instead.</summary>
        [Range(1, 120)]
        public int TimeoutSeconds { get; set; } = 10;
    }
}
