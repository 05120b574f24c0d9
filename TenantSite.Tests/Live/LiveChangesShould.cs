using Microsoft.Extensions.Logging.Abstractions;
using TenantSite.Live;

namespace TenantSite.Tests.Live;

/// <summary>The per-instance fan-out of change notifications to open streams, on its own.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class LiveChangesShould
{
    private readonly LiveChanges _changes = new(NullLogger<LiveChanges>.Instance);

    [Fact]
    public async Task KeepAnOrganizationsEntryOnlyWhileOneOfItsStreamsIsOpen()
    {
        var (acme, globex, user) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var first = _changes.TrySubscribe(acme, null, user, maxPerUser: 6)!;
        var second = _changes.TrySubscribe(acme, null, user, maxPerUser: 6)!;
        var other = _changes.TrySubscribe(globex, null, user, maxPerUser: 6)!;
        Assert.Equal(2, _changes.Organizations);

        first.Dispose();
        Assert.Equal(2, _changes.Organizations);
        second.Dispose();
        second.Dispose(); // twice: nothing more is freed
        Assert.Equal(1, _changes.Organizations);
        other.Dispose();
        Assert.Equal((0, 0), (_changes.Organizations, _changes.Count));

        // A stream opened afterwards hears its organization again, and the user's slots were all given back.
        var again = Enumerable.Range(0, 6).Select(_ => _changes.TrySubscribe(acme, null, user, maxPerUser: 6)).ToList();
        Assert.All(again, Assert.NotNull);
        Assert.Null(_changes.TrySubscribe(acme, null, user, maxPerUser: 6));
        _changes.OnNotification($$"""{"organization_id":"{{acme}}","project_id":null,"table":"tasks"}""");
        foreach (var stream in again) Assert.Equal(LiveSignals.Refresh, await stream!.WaitAsync(TimeSpan.Zero, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SubscribeAndUnsubscribeFromManyThreadsWithoutLosingAStreamOrAnEntry()
    {
        var acme = Guid.NewGuid();
        var held = _changes.TrySubscribe(acme, null, Guid.NewGuid(), maxPerUser: 1)!;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var user = Guid.NewGuid();
            for (var i = 0; i < 2_000; i++) _changes.TrySubscribe(acme, null, user, maxPerUser: 1)!.Dispose();
        }, TestContext.Current.CancellationToken)));

        Assert.Equal((1, 1), (_changes.Organizations, _changes.Count));
        _changes.OnNotification($$"""{"organization_id":"{{acme}}","project_id":null,"table":"projects"}""");
        Assert.Equal(LiveSignals.Refresh, await held.WaitAsync(TimeSpan.Zero, TestContext.Current.CancellationToken));
    }
}
