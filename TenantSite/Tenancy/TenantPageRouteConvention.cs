using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace TenantSite.Tenancy;

/// <summary>
/// Makes the folder tree the tenant boundary. Pages under <c>/{TenantFolder}</c> lose that folder from their
/// route (<c>Pages/Org/Projects/Index</c> answers <c>/projects</c> below the tenant's host or <c>/org/{slug}</c>
/// base path) and only match inside a tenant; pages under a neutral folder (error pages) match anywhere; every
/// other page matches only on the root domain.
/// </summary>
public sealed class TenantPageRouteConvention(string tenantFolder, params string[] neutralFolders) : IPageRouteModelConvention
{
    private readonly string _tenantFolder = "/" + tenantFolder.Trim('/');

    /// <inheritdoc />
    public void Apply(PageRouteModel model)
    {
        if (neutralFolders.Any(f => IsUnder(model.ViewEnginePath, "/" + f.Trim('/')))) return;

        var tenant = IsUnder(model.ViewEnginePath, _tenantFolder);
        foreach (var selector in model.Selectors)
        {
            if (tenant && selector.AttributeRouteModel is { Template: { } template })
            {
                selector.AttributeRouteModel.Template = StripFolder(template);
            }
            selector.EndpointMetadata.Add(new TenantScopeMetadata(tenant ? TenantScope.Tenant : TenantScope.Root));
        }
    }

    private static bool IsUnder(string viewEnginePath, string folder) =>
        viewEnginePath.StartsWith(folder + "/", StringComparison.OrdinalIgnoreCase);

    // "Org", "Org/Index", "Org/Projects/{id}" → "", "Index", "Projects/{id}".
    private string StripFolder(string template)
    {
        var folder = _tenantFolder[1..];
        if (string.Equals(template, folder, StringComparison.OrdinalIgnoreCase)) return "";
        return template.StartsWith(folder + "/", StringComparison.OrdinalIgnoreCase) ? template[(folder.Length + 1)..] : template;
    }
}
