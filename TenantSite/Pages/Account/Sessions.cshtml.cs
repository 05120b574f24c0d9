using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantSite.Auth;

namespace TenantSite.Pages.Account;

/// <summary>
/// The signed-in user's sessions: each sign-in with its device, address, the hosts it reached and when it was last
/// used. Ending one ends it on every host and instance within the revocation poll's bound (about a second).
/// </summary>
[Authorize]
public sealed class Sessions(UserSessions sessions, SessionRevocations revocations) : HtmxPageModel
{
    public const string NotOpen = "That session is not open any more (or never was yours): nothing was signed out.";

    public IReadOnlyList<SignInSession> List { get; private set; } = [];

    /// <summary>Why a sign-out was refused.</summary>
    public string? Error { get; private set; }

    /// <summary>The sign-in this request belongs to ("this device").</summary>
    public Guid Current => Guid.TryParse(User.FindFirst(TenantSiteClaims.SessionFamily)?.Value, out var family) ? family : Guid.Empty;

    public async Task OnGetAsync(CancellationToken cancellationToken) => List = await sessions.ListAsync(cancellationToken);

    /// <summary>Ends one of the user's sign-ins (this one too, which signs this browser out).</summary>
    public async Task<IActionResult> OnPostRevokeAsync([BindRequired] Guid id, CancellationToken cancellationToken)
    {
        List = await sessions.ListAsync(cancellationToken);
        // Only the user's own: the list is read under RLS (own_sessions), so another user's id is simply not in it.
        if (List.All(s => s.Family != id))
        {
            Error = NotOpen;
            return await InvalidAsync("_SessionList");
        }
        await revocations.RevokeAsync(id.ToString(), CancellationToken.None);
        if (id == Current) return HttpContext.NavigateTo("/");
        return await ListChangedAsync("The session was signed out on every address it reached.", cancellationToken);
    }

    /// <summary>Ends every sign-in of the user but this one.</summary>
    public async Task<IActionResult> OnPostRevokeOthersAsync(CancellationToken cancellationToken)
    {
        var others = (await sessions.ListAsync(cancellationToken)).Where(s => s.Family != Current).ToList();
        foreach (var other in others) await revocations.RevokeAsync(other.Family.ToString(), CancellationToken.None);
        return await ListChangedAsync(others.Count switch
        {
            0 => "No other session was open.",
            1 => "Signed out of 1 other session.",
            var n => $"Signed out of {n} other sessions.",
        }, cancellationToken);
    }

    private Task<IActionResult> ListChangedAsync(string message, CancellationToken cancellationToken) =>
        ChangedAsync(message, async () =>
        {
            List = await sessions.ListAsync(cancellationToken);
            return Partial("_SessionList", this);
        });
}
