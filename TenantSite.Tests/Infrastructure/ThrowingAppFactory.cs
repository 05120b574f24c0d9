using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// The app with one test-only path, <see cref="Path"/>, that throws: the way to the exception handler's 500 page.
/// It answers after the app's own pipeline, so it runs inside the exception handler like any page that fails.
/// </summary>
public sealed class ThrowingAppFactory(PostgresServer postgres) : TenantSiteFactory(postgres)
{
    public const string Path = "/test/throw";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, ThrowingEndpoint>());
    }

    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((context, rest) => context.Request.Path == Path
                ? throw new InvalidOperationException("A failure the test asked for.")
                : rest(context));
        };
    }
}
