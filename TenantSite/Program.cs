using TenantSite;
using TenantSite.Api;
using TenantSite.Auth;
using TenantSite.Billing;
using TenantSite.Cli;
using TenantSite.Email;
using TenantSite.Health;
using TenantSite.Invitations;
using TenantSite.KeyRing;
using TenantSite.Live;
using TenantSite.Observability;
using TenantSite.Org;
using TenantSite.Proxies;
using TenantSite.RateLimits;
using TenantSite.Security;
using TenantSite.Tenancy;

// The container's health probe, before any host is built (Cli/HealthCheckCommand.cs).
if (HealthCheckCommand.IsCommand(args)) return await HealthCheckCommand.RunAsync(args, Console.Error);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });
// Razor Pages first: its own options setup must run before the conventions that Tenancy and Auth add.
builder.Services.AddWebUi();
builder.Services.AddSecurityHeaders();
builder.Services.AddInputChecks();
builder.Services.AddData();
builder.Services.AddKeyRing(builder.Configuration, builder.Environment);
builder.Services.AddTenancy<OrganizationStore>(builder.Configuration);
builder.Services.AddTenantSiteAuth(builder.Configuration);
builder.Services.AddRateLimits(builder.Configuration);
builder.Services.AddObservability(builder.Configuration);
builder.Services.AddForwardedHeadersFromProxies(builder.Configuration);
builder.Services.AddHealth();
builder.Services.AddTenantSiteApi();
builder.Services.AddBilling();
builder.Services.AddOrgCommands();
builder.Services.AddEmail();
builder.Services.AddInvitations();
builder.Services.AddLiveUpdates();

var app = builder.Build();
if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(app, args);

app.UseTenantSitePipeline();
// Endpoints run after the pipeline's last step (TenantSite/Pipeline.cs).
app.MapRazorPages();
app.MapTenantSiteApi();
app.MapAuthEndpoints();
await app.RunAsync();
return 0;
