using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// OpenID Connect relying party for the authorization code flow with PKCE: challenge (this file),
/// callback (<c>OidcHandler.Callback.cs</c>) and RP-initiated sign-out (<c>OidcHandler.SignOut.cs</c>).
/// </summary>
public partial class OidcHandler : RemoteAuthenticationHandler<OidcOptions>, IAuthenticationSignOutHandler
{
    /// <summary>Creates the handler (one per request).</summary>
    public OidcHandler(IOptionsMonitor<OidcOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    /// <summary>The events, typed.</summary>
    protected new OidcEvents Events
    {
        get => (OidcEvents)base.Events;
        set => base.Events = value;
    }

    /// <inheritdoc />
    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new OidcEvents());

    /// <inheritdoc />
    public override Task<bool> HandleRequestAsync() =>
        Options.SignedOutCallbackPath == Request.Path ? HandleSignedOutCallbackAsync() : base.HandleRequestAsync();

    /// <summary>Redirects to the authorization endpoint with a code + PKCE S256 request.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (string.IsNullOrEmpty(properties.RedirectUri))
        {
            properties.RedirectUri = OriginalPathBase + OriginalPath + Request.QueryString;
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await GetConfigurationAsync();
        }
        catch (OidcException ex)
        {
            await ReportChallengeFailureAsync(ex, properties);
            return;
        }

        var codeVerifier = OidcPkce.CreateVerifier();
        var message = new OpenIdConnectMessage
        {
            // No x-client-SKU/x-client-ver parameters: they tell every provider our library versions.
            EnableTelemetryParameters = false,
            IssuerAddress = configuration.AuthorizationEndpoint ?? string.Empty,
            ClientId = Options.ClientId,
            RedirectUri = BuildRedirectUri(Options.CallbackPath),
            ResponseType = OpenIdConnectResponseType.Code,
            ResponseMode = ChooseResponseMode(),
            Scope = string.Join(' ', Options.Scopes.Distinct()),
            Nonce = OidcPkce.CreateNonce(),
            Prompt = properties.GetString(OidcDefaults.PromptItem),
        };
        message.Parameters["code_challenge"] = OidcPkce.CreateChallenge(codeVerifier);
        message.Parameters["code_challenge_method"] = "S256";
        GenerateCorrelationId(properties);

        var context = new OidcRedirectContext(Context, Scheme, Options, properties, message);
        await Events.RedirectToIdentityProvider(context);
        if (context.Handled)
        {
            return;
        }
        message = context.ProtocolMessage;

        // Everything the callback must check travels in the protected state, bound to this browser by
        // the correlation cookie; taken after the event so what was sent is what gets checked.
        properties.Items[OidcDefaults.CodeVerifierItem] = codeVerifier;
        properties.Items[OidcDefaults.NonceItem] = message.Nonce;
        properties.Items[OidcDefaults.RedirectUriItem] = message.RedirectUri;
        properties.SetString(OidcDefaults.PromptItem, message.Prompt);
        message.State = Options.StateDataFormat.Protect(properties);

        if (string.IsNullOrEmpty(message.IssuerAddress))
        {
            await ReportChallengeFailureAsync(
                new OidcException(OidcErrors.DiscoveryError, "The provider's configuration has no authorization_endpoint."), properties);
            return;
        }

        Logger.RedirectingToAuthorization(message.ResponseMode, message.Prompt);
        Response.Redirect(message.CreateAuthenticationRequestUrl());
    }

    // form_post needs the correlation cookie on a cross-site POST, i.e. SameSite=None, which browsers
    // only keep when Secure. Whenever this request's cookie cannot be that (plain http in development),
    // ask for query: a top-level GET redirect carries the Lax cookie. See OidcCorrelationCookieBuilder.
    private string ChooseResponseMode()
    {
        if (Options.ResponseMode != OpenIdConnectResponseMode.FormPost)
        {
            return Options.ResponseMode;
        }
        var cookie = Options.CorrelationCookie.Build(Context, TimeProvider.GetUtcNow());
        return cookie.SameSite == SameSiteMode.None ? OpenIdConnectResponseMode.FormPost : OpenIdConnectResponseMode.Query;
    }

    private async Task<OpenIdConnectConfiguration> GetConfigurationAsync()
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await Options.ConfigurationManager!.GetConfigurationAsync(Context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !Context.RequestAborted.IsCancellationRequested)
        {
            throw new OidcException(OidcErrors.DiscoveryError,
                $"The provider's configuration could not be retrieved ({ex.GetType().Name}).", ex);
        }

        // OIDC Discovery §4.3: the document must name the issuer it was fetched for; otherwise a
        // misconfigured or hostile metadata host could speak for another issuer.
        if (Options.Authority is { } authority &&
            !string.Equals(configuration.Issuer?.TrimEnd('/'), authority.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw new OidcException(OidcErrors.DiscoveryError, "The discovery document's issuer does not match the Authority.");
        }
        return configuration;
    }

    // A challenge that cannot reach the provider goes through the same RemoteFailure event as a failed
    // callback, so the default turns it into an error-page redirect instead of a 500.
    private async Task ReportChallengeFailureAsync(OidcException failure, AuthenticationProperties properties)
    {
        Logger.ChallengeFailed(failure.Error, failure.Message);
        var context = new RemoteFailureContext(Context, Scheme, Options, failure) { Properties = properties };
        await Events.RemoteFailure(context);
        if (context.Result?.Handled != true)
        {
            throw failure;
        }
    }
}
