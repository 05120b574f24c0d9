// The namespaces nearly every page model and data class uses: the framework's, and the app's bottom layers only (Data
// and Infrastructure), so a using line still names every other folder a file leans on. Tenancy/ keeps its own using
// lines: it reads like a library and leans on none of the app's (TenantSite.Tests/Architecture checks the layers).
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.EntityFrameworkCore;
global using TenantSite.Data;
global using TenantSite.Data.Entities;
global using TenantSite.Infrastructure;
