using System.Net;
using TenantSite.RateLimits;

namespace TenantSite.Tests.RateLimits;

[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class ClientAddressShould
{
    [Theory]
    [InlineData("198.51.100.7", "198.51.100.7")]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7")] // IPv4 through a dual-stack socket
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2::ffff", "2001:db8:1:2::")]
    [InlineData("::1", "::")]
    public void KeyIPv4ByTheAddressAndIPv6ByItsSlash64(string address, string key) =>
        Assert.Equal(IPAddress.Parse(key), ClientAddress.PartitionKey(IPAddress.Parse(address)));

    [Fact]
    public void PutRequestsWithoutAnAddressInOneBucket() =>
        Assert.Equal(ClientAddress.PartitionKey(null), ClientAddress.PartitionKey(null));
}
