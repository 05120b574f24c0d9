using TenantSite.Observability;

namespace TenantSite.Tests.Observability;

/// <summary>The app's logger factory (AddObservability) as a sink sees what goes through it: credentials redacted everywhere.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class RedactingLoggerFactoryShould
{
    private const string Token = "abcdefghijklmnopqrstuvwxyz234567";

    [Fact]
    public void RedactAPathInTheMessageTheValuesAndTheScope()
    {
        var (capture, logger, services) = Logging();
        using (services)
        using (logger.BeginScope(new Dictionary<string, object?> { ["RequestPath"] = $"/join/acme/{Token}" }.ToList()))
        {
            logger.LogDebug("No file for the request path {Path}", new Microsoft.AspNetCore.Http.PathString($"/join/acme/{Token}"));
        }

        var entry = Assert.Single(capture.Entries);
        Assert.Equal("No file for the request path /join/acme/{token}", entry.Message);
        Assert.Equal("/join/acme/{token}", entry.Values.Single(v => v.Key == "Path").Value);
        Assert.Equal("/join/acme/{token}", entry.Scope("RequestPath"));
        Assert.DoesNotContain(Token, entry.AllText);
    }

    [Fact]
    public void PassEverythingElseAsItIs()
    {
        var (capture, logger, services) = Logging();
        using (services)
        using (logger.BeginScope("Organization {OrganizationSlug}", "acme"))
        {
            logger.LogInformation("Opened {Path} in {Milliseconds} ms", "/projects", 12);
        }

        var entry = Assert.Single(capture.Entries);
        Assert.Equal("Opened /projects in 12 ms", entry.Message);
        Assert.Equal(12, entry.Values.Single(v => v.Key == "Milliseconds").Value);
        Assert.Equal("acme", entry.Scope("OrganizationSlug"));
    }

    private static (LogCapture Capture, ILogger Logger, ServiceProvider Services) Logging()
    {
        var capture = new LogCapture();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddProvider(capture));
        services.AddObservability(configuration);
        var provider = services.BuildServiceProvider();
        return (capture, provider.GetRequiredService<ILoggerFactory>().CreateLogger("TenantSite.Tests"), provider);
    }
}
