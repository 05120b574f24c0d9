using Microsoft.Extensions.Options;

namespace TenantSite.Email;

public static class EmailExtensions
{
    /// <summary>The <c>Email</c> options and the sender they call for: SMTP when a host is set, none otherwise.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations()
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From, out _), "Email:From is not an email address.")
            .Validate(o => string.IsNullOrEmpty(o.Smtp.UserName) == string.IsNullOrEmpty(o.Smtp.Password),
                "Set both Email:Smtp:UserName and Email:Smtp:Password, or neither.")
            .ValidateOnStart();
        services.AddSingleton<IEmailSender>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.Host)
            ? new NoEmailSender()
            : ActivatorUtilities.CreateInstance<SmtpEmailSender>(sp));
        return services;
    }
}
