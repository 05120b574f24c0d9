using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantSite.Auth;

namespace TenantSite.Pages.Org.Settings;

/// <summary>
/// The organization's keys for its JSON API. A key is shown in full once, in the answer to the POST that creates it:
/// only its SHA-256 and public prefix are stored, so it cannot be shown again, and that answer is a page (or fragment),
/// not a redirect, which would lose it. Revoking keeps the row (the runtime role may not delete keys), for the record.
/// </summary>
public sealed partial class Index
{
    public const string UnknownKeyRoleMessage = "Choose member or viewer.";

    public sealed record ApiKeyView(
        Guid Id, string Name, string Prefix, string Role, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? LastUsedAt,
        DateTimeOffset? RevokedAt);

    /// <summary>Active keys first, newest first.</summary>
    public IReadOnlyList<ApiKeyView> ApiKeys { get; private set; } = [];

    /// <summary>The key just created (its name and the full key): set only in the answer to its creation.</summary>
    public (string Name, string Key)? NewKey { get; private set; }

    /// <summary>The new key's name.</summary>
    [BindProperty]
    public string? KeyName { get; set; }

    /// <summary>The new key's role, one of <see cref="ApiKey.Roles"/>.</summary>
    [BindProperty]
    public string? KeyRole { get; set; }

    /// <summary>This organization's API address in the request's mode, absolute (a client needs the host too).</summary>
    public string ApiBaseUrl => new Uri(new Uri($"{Request.Scheme}://{Request.Host}"), links.ForTenant(HttpContext, CurrentSlug, "/api/v1/"))
        .ToString();

    public async Task<IActionResult> OnPostCreateKeyAsync(CancellationToken cancellationToken)
    {
        var name = KeyName?.Trim();
        if (NameError(name) is { } nameError) return await InvalidKeyAsync(nameof(KeyName), nameError, cancellationToken);
        if (KeyRole is null || !ApiKey.Roles.Contains(KeyRole)) return await InvalidKeyAsync(nameof(KeyRole), UnknownKeyRoleMessage, cancellationToken);

        // Prefixes are unique across organizations: one taken already (60 random bits, so practically never) gets one
        // more try with a fresh key.
        string? key;
        try
        {
            key = await AddKeyAsync(name!, KeyRole, cancellationToken) ?? await AddKeyAsync(name!, KeyRole, cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsApiKeyCreatorRefused())
        {
            // The role this request was let in with was taken away before the key was saved: the database refused it.
            return Forbid();
        }
        if (key is null) return await InvalidKeyAsync(nameof(KeyName), "The key could not be created just now. Try again.", cancellationToken);
        NewKey = (name!, key);

        // The answer holds a secret: no cache may keep it, and the browser's back button must not show it again.
        Response.Headers.CacheControl = "no-store";
        (KeyName, KeyRole) = (null, null);
        ModelState.Clear();
        if (!Request.IsHtmx())
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        return await ApiKeysFragmentAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeKeyAsync([BindRequired] Guid id, CancellationToken cancellationToken)
    {
        // No tenant condition: the query filter and RLS bind keys to this organization, so another's id is not found.
        if (await db.ApiKeys.Where(k => k.Id == id).Select(k => k.Name).SingleOrDefaultAsync(cancellationToken) is not { } name) return NotFound();
        // Only while it is active: a key revoked meanwhile keeps its first revocation time.
        var revoked = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow), cancellationToken);
        var message = revoked == 1 ? $"The key \"{name}\" is revoked." : $"The key \"{name}\" was revoked already.";
        return await ChangedAsync(message, () => ApiKeysFragmentAsync(cancellationToken));
    }

    // Returns the full key, or null when its prefix was taken (and nothing is saved).
    private async Task<string?> AddKeyAsync(string name, string role, CancellationToken cancellationToken)
    {
        var (key, prefix, hash) = ApiKeySecret.Create();
        db.ApiKeys.Add(new ApiKey { Name = name, Role = role, Prefix = prefix, SecretHash = hash, CreatedBy = scope.UserId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return key;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation("ux_api_keys_prefix"))
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }

    // No tenant condition: the query filter and RLS bind keys (and the users they can see) to this organization.
    private static readonly Expression<Func<ApiKey, ApiKeyView>> KeyView = k => new ApiKeyView(
        k.Id, k.Name, k.Prefix, k.Role, k.CreatedAt, k.Creator!.Name ?? k.Creator.Email, k.LastUsedAt, k.RevokedAt);

    // Active keys first, newest first; the id breaks ties of one instant. In memory: an organization has a few keys.
    private static List<ApiKeyView> Ordered(IEnumerable<ApiKeyView> keys) =>
        [.. keys.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt).ThenBy(k => k.Id)];

    private async Task<IActionResult> ApiKeysFragmentAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Partial("_ApiKeys", this);
    }

    private Task<IActionResult> InvalidKeyAsync(string field, string error, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(field, error);
        return InvalidAsync(() => ApiKeysFragmentAsync(cancellationToken), () => LoadAsync(cancellationToken));
    }
}
