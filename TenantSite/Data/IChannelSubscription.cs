namespace TenantSite.Data;

/// <summary>What one PostgreSQL notification channel means to the app; <see cref="DatabaseNotifications"/> delivers it.</summary>
public interface IChannelSubscription
{
    /// <summary>The channel to LISTEN on (a plain lower-case identifier).</summary>
    string Channel { get; }

    /// <summary>
    /// A notification's payload, on the listener's own thread, in commit order: keep it quick. Anyone who can connect
    /// may NOTIFY, so the payload may be malformed; a throw is logged and the listener goes on.
    /// </summary>
    void OnNotification(string payload);

    /// <summary>
    /// The listener is listening (again) after a time without a connection, when notifications may have been missed:
    /// called after LISTEN, so nothing that happens from now on is lost.
    /// </summary>
    void OnListening();

    /// <summary>
    /// The listening connection was lost: notifications go unheard until <see cref="OnListening"/> again. For a
    /// subscription that must not trust what it holds meanwhile.
    /// </summary>
    void OnListenLost() { }
}
