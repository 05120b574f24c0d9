using Microsoft.Extensions.Options;
using TenantSite.RateLimits;

namespace TenantSite.Tests.RateLimits;

/// <summary>The <c>RateLimits</c> section as <see cref="RateLimitExtensions.AddRateLimits"/> binds it.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class RateLimitOptionsShould
{
    private static RateLimitOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddRateLimits(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
    }

    [Fact]
    public void DefaultToLimitsAPersonNeverReaches()
    {
        var limits = Bind([]);
        Assert.Equal(60, limits.SignInPerMinute);
        Assert.Equal(60, limits.WritesPerUserPerMinute);
        Assert.Equal(600, limits.WritesPerOrganizationPerMinute);
    }

    [Fact]
    public void ReadEachLimitFromTheSection()
    {
        var limits = Bind(new()
        {
            ["RateLimits:SignInPerMinute"] = "10",
            ["RateLimits:WritesPerUserPerMinute"] = "20",
            ["RateLimits:WritesPerOrganizationPerMinute"] = "30",
        });
        Assert.Equal((10, 20, 30), (limits.SignInPerMinute, limits.WritesPerUserPerMinute, limits.WritesPerOrganizationPerMinute));
    }

    [Theory]
    [InlineData("SignInPerMinute", "0")]
    [InlineData("WritesPerUserPerMinute", "-1")]
    [InlineData("WritesPerOrganizationPerMinute", "1000001")]
    public void RefuseALimitOutOfRangeNamingIt(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [$"RateLimits:{key}"] = value }));
        Assert.Contains($"RateLimits:{key} must be between 1 and 1000000", error.Message);
    }
}
