using TenantSite.SmtpSink;

namespace TenantSite.Tests.Infrastructure;

/// <summary>The app with a mail server: a real SMTP sink (tools/smtp-sink) started for the fixture, read by its tests.</summary>
public sealed class MailingAppFactory(PostgresServer postgres) : TenantSiteFactory(postgres)
{
    public MailSink Mail { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => MailSettings.For(Mail.Port);

    public override async ValueTask InitializeAsync()
    {
        Mail = await MailSink.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

/// <summary>The app's real sign-in (tools/dev-idp) and a mail server, for journeys that start in an email.</summary>
public sealed class MailingOidcAppFactory(PostgresServer postgres, DevIdp idp) : OidcAppFactory(postgres, idp)
{
    public MailSink Mail { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings.Concat(MailSettings.For(Mail.Port)));

    public override async ValueTask InitializeAsync()
    {
        Mail = await MailSink.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

/// <summary>The Email settings that point the app at a local sink (no TLS: it is on 127.0.0.1).</summary>
public static class MailSettings
{
    public static IDictionary<string, string?> For(int port) => new Dictionary<string, string?>
    {
        ["Email:From"] = "TenantSite <no-reply@localhost>",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
    };
}
