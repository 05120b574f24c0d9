namespace TenantSite.Auth;

/// <summary>
/// Empties the <see cref="MembershipCache"/> when the database says memberships or organizations changed, whoever
/// changed them: the live-update triggers notify <see cref="LiveChange.Channel"/> for every membership statement
/// (the organization only, so everything goes), the organization trigger <see cref="Data.OrganizationChanges.Channel"/>
/// for every name or slug a membership shows. Registered once per channel.
/// </summary>
public sealed class MembershipChanges(MembershipCache cache, string channel) : IChannelSubscription
{
    /// <inheritdoc />
    public string Channel => channel;

    /// <inheritdoc />
    public void OnNotification(string payload)
    {
        // Projects and tasks change all the time and hold no membership; anything else, even a malformed message
        // (anyone may NOTIFY), costs at most a query per user.
        if (channel == LiveChange.Channel && LiveChange.Parse(payload)?.Table is "projects" or "tasks") return;
        cache.InvalidateAll();
    }

    /// <inheritdoc />
    public void OnListening() => cache.Listening();

    /// <inheritdoc />
    public void OnListenLost() => cache.NotListening();
}
