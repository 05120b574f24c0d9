using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TenantSite.Pages;

/// <summary>The landing page on the root domain.</summary>
public sealed class Index : PageModel
{
    public void OnGet() { }
}
