using TenantSite.SmtpSink;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>The app with a mail server: a real SMTP sink (tools/smtp-sink) started for the host, read by its tests.</summary>
public sealed class MailingAppFactory(PostgresServer postgres) : TenantSiteFactory(postgres, new MailServer())
{
    public MailSink Mail => Part<MailServer>().Sink;
}

/// <summary>The app's real sign-in (tools/dev-idp) and a mail server, for journeys that start in an email.</summary>
public sealed class MailingOidcAppFactory(PostgresServer postgres, DevIdp idp) : TenantSiteFactory(postgres, new ProviderSignIn(idp), new MailServer())
{
    public MailSink Mail => Part<MailServer>().Sink;
}
