using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app with one test-only path, <see cref="Path"/>, that throws: the way to the exception handler's 500 page.
/// It answers after the app's own pipeline, so it runs inside the exception handler like any page that fails.
/// </summary>
public sealed class ThrowingAppFactory(PostgresServer postgres)
    : TenantSiteFactory(postgres, new TestServices(services => services.AddTransient<IStartupFilter, ThrowingEndpoint>()))
{
    public const string Path = "/test/throw";

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
