using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Browser;

/// <summary>
/// The browser tests share one app on Kestrel and one Chromium, one class after another: two Chromiums at once on two
/// cores are no faster, and each start costs seconds. A class that breaks the app on purpose (DatabaseHiccupShould)
/// keeps its own.
/// </summary>
[RunsLong(seconds: 120)]
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserAppFactory>
{
    public const string Name = "Browser";
}
