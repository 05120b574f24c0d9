namespace TenantSite.Live;

/// <summary>What a stream has to do, accumulated between two of its turns (so repeated changes coalesce).</summary>
[Flags]
public enum LiveSignals
{
    None = 0,
    /// <summary>Something its page shows changed: send the page's event, whose elements fetch their fragment again.</summary>
    Refresh = 1,
    /// <summary>The organization's memberships changed: check the subscriber's own again.</summary>
    Membership = 2,
    /// <summary>Notifications may have been missed (the listener was away): both.</summary>
    Resync = Refresh | Membership,
}
