// The namespaces nearly every page model and data class uses. Tenancy/ keeps its own using lines: it reads like a
// library and must not lean on the app's namespaces.
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.EntityFrameworkCore;
global using TenantSite.Auth;
global using TenantSite.Data;
global using TenantSite.Data.Entities;
global using TenantSite.Infrastructure;
