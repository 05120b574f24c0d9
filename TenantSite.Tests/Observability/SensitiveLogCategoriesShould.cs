using TenantSite.Observability;

namespace TenantSite.Tests.Observability;

/// <summary>The floors under the categories that log secrets, against the configurations an operator might write.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class SensitiveLogCategoriesShould
{
    private const string Hosting = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private const string Oidc = "Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectHandler";
    private const string Pages = "Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure.PageActionInvoker";

    [Theory]
    [InlineData("Default", Hosting, LogLevel.Warning)]
    [InlineData("Default", Oidc, LogLevel.Information)]
    [InlineData("Microsoft.AspNetCore", Oidc, LogLevel.Information)]
    [InlineData(Oidc, Oidc, LogLevel.Information)]
    [InlineData("Microsoft.AspNetCore.Hosting", Hosting, LogLevel.Warning)]
    [InlineData(Hosting, Hosting, LogLevel.Warning)]
    [InlineData("Default", Pages, LogLevel.Debug)]
    public void HoldACategoryAtItsFloorWhenTheConfigurationAsksForTrace(string key, string category, LogLevel floor)
    {
        using var logging = Logging(new() { [$"Logging:LogLevel:{key}"] = "Trace" });
        var logger = logging.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        Assert.False(logger.IsEnabled(floor - 1));
        Assert.True(logger.IsEnabled(floor));
    }

    // Floors never make a category more talkative than configured (appsettings.json keeps Microsoft.AspNetCore at Warning).
    [Fact]
    public void KeepAHigherConfiguredLevel()
    {
        using var logging = Logging(new() { ["Logging:LogLevel:Default"] = "Information", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error" });
        var factory = logging.GetRequiredService<ILoggerFactory>();

        Assert.False(factory.CreateLogger(Oidc).IsEnabled(LogLevel.Warning));
        Assert.False(factory.CreateLogger(Hosting).IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger("TenantSite.Pages").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Routing").IsEnabled(LogLevel.Error));
    }

    [Fact]
    public void LeaveOtherCategoriesAtTheConfiguredLevel()
    {
        using var logging = Logging(new() { ["Logging:LogLevel:Default"] = "Trace" });

        Assert.True(logging.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Authentication.Cookies").IsEnabled(LogLevel.Trace));
    }

    private static ServiceProvider Logging(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddProvider(new LogCapture()));
        services.AddObservability(configuration);
        return services.BuildServiceProvider();
    }
}
