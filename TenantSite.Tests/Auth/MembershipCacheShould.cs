using Microsoft.Extensions.Options;
using TenantSite.Auth;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// The membership cache's own rules, without a database: it serves only while its listener listens, never what was
/// read before a change, and never past its age.
/// </summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class MembershipCacheShould
{
    private static readonly Guid User = Guid.NewGuid();
    private static readonly IReadOnlyList<Membership> Memberships = [new(Guid.NewGuid(), "acme", "Acme", "member")];

    [Fact]
    public void ServeNothingBeforeItsListenerListens()
    {
        var cache = NewCache();
        cache.Store(User, Memberships, cache.Generation);

        Assert.False(cache.TryGet(User, out _));
    }

    [Fact]
    public void ServeWhatWasStoredWhileItsListenerListens()
    {
        var cache = NewCache();
        cache.Listening();
        cache.Store(User, Memberships, cache.Generation);

        Assert.True(cache.TryGet(User, out var served));
        Assert.Same(Memberships, served);
        Assert.False(cache.TryGet(Guid.NewGuid(), out _));
    }

    [Fact]
    public void NeverServeWhatWasReadBeforeAChange()
    {
        var cache = NewCache();
        cache.Listening();
        var generation = cache.Generation; // a request starts reading …
        cache.InvalidateAll();              // … a change commits and is announced meanwhile …
        cache.Store(User, Memberships, generation); // … and the old rows arrive afterwards

        Assert.False(cache.TryGet(User, out _));
    }

    [Fact]
    public void ForgetEverythingOnAChange()
    {
        var cache = NewCache();
        cache.Listening();
        cache.Store(User, Memberships, cache.Generation);

        cache.InvalidateAll();

        Assert.False(cache.TryGet(User, out _));
    }

    [Fact]
    public void StopServingWhenItsListenerLosesTheConnectionAndStartEmptyWhenItListensAgain()
    {
        var cache = NewCache();
        cache.Listening();
        cache.Store(User, Memberships, cache.Generation);

        cache.NotListening();
        Assert.False(cache.TryGet(User, out _));
        cache.Store(User, Memberships, cache.Generation);
        cache.Listening();

        Assert.False(cache.TryGet(User, out _));
    }

    [Fact]
    public void NotServeAnEntryPastItsMaxAge()
    {
        var clock = new MovableClock();
        var cache = NewCache(TimeSpan.FromSeconds(10), clock);
        cache.Listening();
        cache.Store(User, Memberships, cache.Generation);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.True(cache.TryGet(User, out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet(User, out _));
    }

    [Fact]
    public void KeepNothingWithAMaxAgeOfZero()
    {
        var cache = NewCache(TimeSpan.Zero);
        cache.Listening();
        cache.Store(User, Memberships, cache.Generation);

        Assert.False(cache.TryGet(User, out _));
    }

    [Fact]
    public void StartOverInsteadOfGrowingPastItsBound()
    {
        var cache = new MembershipCache(Options.Create(new MembershipCacheOptions { MaxEntries = 2 }));
        cache.Listening();
        var (first, second, third) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        cache.Store(first, Memberships, cache.Generation);
        cache.Store(second, Memberships, cache.Generation);

        cache.Store(third, Memberships, cache.Generation);

        Assert.False(cache.TryGet(first, out _));
        Assert.False(cache.TryGet(second, out _));
        Assert.True(cache.TryGet(third, out _));
    }

    private static MembershipCache NewCache(TimeSpan? maxAge = null, TimeProvider? clock = null) =>
        new(Options.Create(new MembershipCacheOptions { MaxAge = maxAge ?? TimeSpan.FromSeconds(10) }))
        {
            Clock = clock ?? TimeProvider.System,
        };
}
