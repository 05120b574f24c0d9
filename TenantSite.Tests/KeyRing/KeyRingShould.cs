using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using TenantSite.Data;
using TenantSite.KeyRing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.KeyRing;

/// <summary>The data-protection key ring lives in PostgreSQL, one per application name, shared by every instance.</summary>
public sealed class KeyRingShould(TwoInstances instances) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task KeepEveryInstancesKeysInTheDatabaseAndNoneOnDisk()
    {
        var stored = await TestOrganizations.ScalarAsync<string>(instances.AdminConnectionString,
            "SELECT string_agg(xml, '') FROM data_protection_keys");

        foreach (var instance in new[] { instances.A, instances.B })
        {
            var options = instance.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;
            Assert.IsType<EntityFrameworkCoreXmlRepository<AppDbContext>>(options.XmlRepository);
            var keys = instance.Services.GetRequiredService<IKeyManager>().GetAllKeys();
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.Contains($"id=\"{k.KeyId}\"", stored));
        }
    }

    [Fact]
    public void UnprotectOnOneInstanceWhatAnotherProtected()
    {
        var secret = Protector(instances.A).Protect("for B");

        Assert.Equal("for B", Protector(instances.B).Unprotect(secret));
    }

    [Fact]
    public async Task KeepTheKeyRingsOfTwoApplicationNamesApart()
    {
        var staging = await instances.StartAnotherAsync("staging",
            new Dictionary<string, string?> { ["DataProtection:ApplicationName"] = "TenantSite-staging" });

        var secret = Protector(instances.A).Protect("for production only");

        Assert.ThrowsAny<CryptographicException>(() => Protector(staging).Unprotect(secret));
        Assert.Equal("TenantSite", instances.A.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
    }

    [Theory]
    [InlineData("   ", "DataProtection:ApplicationName must not be empty.")]
    [InlineData("a-name-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on", "at most 100 characters")]
    public void RefuseABadApplicationNameWithAMessage(string name, string message)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DataProtection:ApplicationName"] = name }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging()
            .AddKeyRing(configuration, new HostingEnvironment { EnvironmentName = "Testing" }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KeyRingOptions>>().Value);
        Assert.Contains(message, error.Message);
    }

    private static IDataProtector Protector(TwoInstances.Instance instance) =>
        instance.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("TenantSite.Tests.KeyRing");
}
