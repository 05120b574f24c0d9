using Microsoft.Extensions.Configuration;
using TenantSite.Billing;

namespace TenantSite.Tests.Billing;

[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class BillingOptionsShould
{
    [Fact]
    public void KeepTheDefaultsOfPlansNotConfigured()
    {
        var limits = BillingOptions.From(Config()).Limits().Select(l => $"{l.Plan}:{l.MaxProjects}:{l.MaxMembers}");

        Assert.Equal(["free:3:5", "pro:50:50", "enterprise::"], limits);
    }

    [Fact]
    public void TakeAConfiguredPlanAsItIsWithLimitsLeftOutUnlimited()
    {
        var options = BillingOptions.From(Config(("Billing:Plans:free:MaxProjects", "10"), ("Billing:Plans:pro:MaxMembers", "7")));

        Assert.Equal(["free:10:", "pro::7", "enterprise::"], options.Limits().Select(l => $"{l.Plan}:{l.MaxProjects}:{l.MaxMembers}"));
    }

    [Theory]
    [InlineData("Billing:Plans:gold:MaxProjects", "1", "Billing:Plans:gold is not a plan")]
    [InlineData("Billing:Plans:free:MaxProjects", "-1", "Billing:Plans:free:MaxProjects must be 0 or more")]
    [InlineData("Billing:Plans:pro:MaxMembers", "0", "Billing:Plans:pro:MaxMembers must be 1 or more")]
    public void RefuseWhatTheDatabaseCouldNotHold(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BillingOptions.From(Config((key, value))));
        Assert.StartsWith(message, error.Message);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) => new ConfigurationBuilder()
        .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
