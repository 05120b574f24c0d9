namespace TenantSite.Infrastructure;

/// <summary>
/// The site's web root is the repository's top-level <c>wwwroot/</c> (the user's layout), not one inside the project:
/// a published build carries it next to the binaries; <c>dotnet run</c> and tests find it beside TenantSite.sln.
/// </summary>
public static class WebRoot
{
    public static string Locate()
    {
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(published)) return published;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TenantSite.sln"))) return Path.Combine(dir.FullName, "wwwroot");
            }
        }
        return published;
    }
}
