using System.Globalization;
using TenantSite.Invitations;
using TenantSite.Tenancy;

namespace TenantSite.Pages.Join;

/// <summary>
/// An invitation link, on the root domain: <c>/join/{slug}/{token}</c>. Anyone holding it sees whom it invites where;
/// a signed-in user accepts with whatever account they are signed in with (the page names it), a signed-out one signs in
/// first and comes back here. A link that cannot be answered (unknown, another organization's, expired, revoked,
/// used, declined) gets a page saying which, never a membership. The token is the credential: only its hash reaches
/// the database, through the SECURITY DEFINER functions of migration InvitationLinks.
/// </summary>
public sealed class Index(AppDbContext db, DataScope scope, TenantLinks links) : HtmxPageModel
{
    public const string UnknownLink =
        "This invitation link is not valid. Check that you opened the whole link from the email, or ask for a new invitation.";

    /// <summary>The invitation the link opens, when it exists and names this organization.</summary>
    public InvitationLink? Invitation { get; private set; }

    /// <summary>Why the invitation cannot be accepted; null while it is open.</summary>
    public string? Problem { get; private set; }

    /// <summary>The signed-in account that would accept: its name and email (null when signed out).</summary>
    public (string Name, string? Email)? Account { get; private set; }

    /// <summary>Where this organization opens, for a member (the one who accepted already).</summary>
    public string? OrganizationUrl { get; private set; }

    /// <summary>This page's own path, to come back to after signing in.</summary>
    public string SignInUrl => "/signin?returnUrl=" + Uri.EscapeDataString(Request.PathBase + Request.Path);

    public async Task<IActionResult> OnGetAsync(string slug, string token, CancellationToken cancellationToken)
    {
        await LoadAsync(slug, InvitationToken.Hash(token), cancellationToken);
        return await ShowAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostAcceptAsync(string slug, string token, CancellationToken cancellationToken) =>
        AnswerAsync(slug, token, accept: true, cancellationToken);

    public Task<IActionResult> OnPostDeclineAsync(string slug, string token, CancellationToken cancellationToken) =>
        AnswerAsync(slug, token, accept: false, cancellationToken);

    private async Task<IActionResult> AnswerAsync(string slug, string token, bool accept, CancellationToken cancellationToken)
    {
        // Signed out (the session ended since the page was shown): sign in, then back to this page to answer again.
        if (scope.UserId is null) return HttpContext.NavigateTo(SignInUrl);
        var hash = InvitationToken.Hash(token);
        if (hash is null || await LoadAsync(slug, hash, cancellationToken) is not { State: "open" }) return await ShowAsync(cancellationToken);

        InvitationAnswer? answer;
        try
        {
            answer = await db.AnswerInvitationLinkAsync(hash, accept, cancellationToken);
        }
        catch (Exception e) when (e.PlanLimitReason() is { } reason)
        {
            // The organization is full: nobody joined and the link still works, once there is room.
            Problem = $"{reason} Ask {Invitation!.InvitedBy ?? "whoever invited you"} to upgrade its plan, then open this link again.";
            return await ShowAsync(cancellationToken, StatusCodes.Status422UnprocessableEntity);
        }
        // Answered, revoked or expired between the page and the click: say which.
        if (answer is null)
        {
            await LoadAsync(slug, hash, cancellationToken);
            return await ShowAsync(cancellationToken);
        }
        if (!accept) return NavigateWithFlash(links.ForRoot(HttpContext, "/"), $"You declined the invitation to {answer.OrganizationName}.");
        // The organization opens in path mode, on this host, so the flash travels with it (TempData is a cookie).
        return NavigateWithFlash(links.ForTenant(HttpContext, answer.OrganizationSlug), answer.Joined
            ? $"Welcome to {answer.OrganizationName}! You joined as {answer.MemberRole}."
            : $"You were a member of {answer.OrganizationName} already, as {answer.MemberRole}.");
    }

    // The page with the status its state calls for: 404 for a link that opens nothing, 410 for one that did, or the
    // given one. The signed-in account is read only where the page names it: an open invitation, shown (not redirected).
    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken, int? status = null)
    {
        if (Invitation is not null && Problem is null && scope.UserId is { } userId)
        {
            var me = await db.Users.Where(u => u.Id == userId).Select(u => new { Name = u.Name ?? u.Email ?? u.Subject, u.Email })
                .SingleOrDefaultAsync(cancellationToken);
            Account = me is null ? null : (me.Name, me.Email);
        }
        Response.StatusCode = status
            ?? (Invitation is null ? StatusCodes.Status404NotFound
                : Problem is not null && !Invitation.AcceptedByCaller ? StatusCodes.Status410Gone
                : StatusCodes.Status200OK);
        return Page();
    }

    private async Task<InvitationLink?> LoadAsync(string slug, byte[]? hash, CancellationToken cancellationToken)
    {
        (Invitation, Problem, OrganizationUrl) = (null, UnknownLink, null);
        if (hash is null || await db.InvitationLinkAsync(hash, cancellationToken) is not { } invitation) return null;
        // The organization in the link must be the invitation's: a token pasted behind another slug opens nothing.
        if (!string.Equals(invitation.OrganizationSlug, slug, StringComparison.OrdinalIgnoreCase))
        {
            Problem = "This invitation link does not belong to that organization. Open the link exactly as it was sent to you, " +
                      "or ask for a new invitation.";
            return null;
        }
        Invitation = invitation;
        var from = invitation.InvitedBy ?? "whoever invited you";
        var until = invitation.ExpiresAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        Problem = invitation.State switch
        {
            "open" => null,
            "expired" => $"This invitation expired on {until}. Ask {from} to send you a new one.",
            "revoked" => $"This invitation was withdrawn. Ask {from} if you still should join {invitation.OrganizationName}.",
            "declined" => $"This invitation was declined. Ask {from} for a new one if you want to join {invitation.OrganizationName} after all.",
            _ when invitation.AcceptedByCaller => $"You accepted this invitation already: you are in {invitation.OrganizationName}.",
            _ => $"This invitation has been used already: each link works once. Ask {from} for a new one.",
        };
        if (invitation.AcceptedByCaller) OrganizationUrl = links.ForTenant(HttpContext, invitation.OrganizationSlug);
        return invitation;
    }
}
