using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TenantSite.RateLimits;

namespace TenantSite.Tests.RateLimits;

/// <summary>Which requests reach a limiter at all: the checks every request passes through.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class RequestKindsShould
{
    private static HttpContext Request(string method, string path) =>
        new DefaultHttpContext { Request = { Method = method, Path = path } };

    private static SignInRateLimit SignIn()
    {
        using var services = new ServiceCollection().AddOptions().BuildServiceProvider();
        return new SignInRateLimit(Options.Create(new RateLimitOptions()), services);
    }

    [Theory]
    [InlineData("POST", true)]
    [InlineData("PUT", true)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("OPTIONS", false)]
    [InlineData("TRACE", false)]
    public void TakeEveryMethodButTheSafeOnesForAWrite(string method, bool write) =>
        Assert.Equal(write, WriteRateLimit.AppliesTo(Request(method, "/projects/1")));

    [Fact]
    public void NotTakeTheErrorPagesReExecutionOfAWriteForASecondOne()
    {
        var reExecution = Request("POST", "/errors/429");
        reExecution.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature { OriginalPath = "/", OriginalPathBase = "" });
        Assert.False(WriteRateLimit.AppliesTo(reExecution));
    }

    [Theory]
    [InlineData("/signin", true)]
    [InlineData("/SIGNIN/", true)]
    [InlineData("/signin-oidc", true)]
    [InlineData("/signout-callback-oidc", true)]
    [InlineData("/signin/error", false)]
    [InlineData("/signout", false)]
    [InlineData("/", false)]
    public void KnowTheSignInPaths(string path, bool signIn)
    {
        using var limit = SignIn();
        Assert.Equal(signIn, limit.AppliesTo(Request("GET", path)));
    }

    [Fact]
    public void LetAReadPassBothChecksWithoutAllocating()
    {
        using var signIn = SignIn();
        var read = Request("GET", "/projects/0b6c4f3e-8e1a-4d55-a0b2-4f1a9d6a3c21");
        Assert.False(signIn.AppliesTo(read) || WriteRateLimit.AppliesTo(read)); // also warms up

        // The fewest bytes of three rounds: tiered compilation may allocate once, on this thread, while a round runs.
        var fewest = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10_000; i++)
            {
                if (signIn.AppliesTo(read) || WriteRateLimit.AppliesTo(read)) Assert.Fail("a read reached a limiter");
            }
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, fewest);
    }
}
