using TenantSite.Org.Members;
using TenantSite.Org.Projects;
using TenantSite.Org.Tasks;

namespace TenantSite.Org;

/// <summary>The writes inside an organization: one handler per command, for the pages and the API alike.</summary>
public static class OrgExtensions
{
    public static IServiceCollection AddOrgCommands(this IServiceCollection services)
    {
        services.AddScoped<CreateProject.Handler>();
        services.AddScoped<RenameProject.Handler>();
        services.AddScoped<DeleteProject.Handler>();
        services.AddScoped<AddTask.Handler>();
        services.AddScoped<ChangeTask.Handler>();
        services.AddScoped<DeleteTask.Handler>();
        services.AddScoped<ChangeRole.Handler>();
        services.AddScoped<RemoveMember.Handler>();
        services.AddScoped<InviteMember.Handler>();
        services.AddScoped<ResendInvitation.Handler>();
        services.AddScoped<RevokeInvitation.Handler>();
        return services;
    }
}
