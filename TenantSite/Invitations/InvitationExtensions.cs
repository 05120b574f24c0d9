namespace TenantSite.Invitations;

public static class InvitationExtensions
{
    /// <summary>The invitation email, sent through whichever <c>IEmailSender</c> <c>AddEmail</c> chose.</summary>
    public static IServiceCollection AddInvitations(this IServiceCollection services) => services.AddScoped<InvitationMail>();
}
