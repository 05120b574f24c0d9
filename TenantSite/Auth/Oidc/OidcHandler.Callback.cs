using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TenantSite.Auth.Oidc;

public partial class OidcHandler
{
    /// <summary>
    /// Handles the authorization response at <see cref="RemoteAuthenticationOptions.CallbackPath"/>
    /// (GET for <c>query</c>, POST for <c>form_post</c>). Every failure becomes an <see cref="OidcException"/>
    /// handed to <c>OnRemoteFailure</c>.
    /// </summary>
    protected override async Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        AuthenticationProperties? properties = null;
        try
        {
            var response = await ReadAuthorizationResponseAsync();
            properties = ReadState(response);
            // Checked after properties is set: a readable but uncorrelated state still tells the error
            // page where the user was going (a local URL our app put in its own protected state).
            if (!ValidateCorrelationId(properties))
            {
                throw new OidcException(OidcErrors.InvalidState, "The state is not correlated with this browser (replayed, expired or cookie missing).");
            }
            var prompt = properties.GetString(OidcDefaults.PromptItem);

            if (Value(response, "error") is { } error)
            {
                if (error == OidcErrors.AccessDenied && await HandleAccessDeniedErrorAsync(properties) is { None: false } denied)
                {
                    return denied;
                }
                throw ProviderError(error, Value(response, "error_description"), prompt);
            }

            var code = Value(response, "code")
                ?? throw new OidcException(OidcErrors.InvalidResponse, "The authorization response has no code.");
            var configuration = await GetConfigurationAsync();

            // RFC 9207: when the provider names itself in the response, it must be the issuer we asked (mix-up defence).
            if (Value(response, "iss") is { } iss && iss != configuration.Issuer)
            {
                throw new OidcException(OidcErrors.InvalidResponse, "The authorization response comes from another issuer.");
            }

            var tokens = await new OidcTokenClient(Options).RedeemCodeAsync(configuration, code,
                properties.Items[OidcDefaults.RedirectUriItem]!, properties.Items[OidcDefaults.CodeVerifierItem]!, Context.RequestAborted);
            var idToken = await new OidcIdTokenValidator(Options, TimeProvider, Logger)
                .ValidateAsync(configuration, tokens, properties.Items[OidcDefaults.NonceItem]!);

            var identity = OidcClaims.FromIdToken(idToken, Scheme.Name);
            if (Options.GetClaimsFromUserInfoEndpoint && tokens.AccessToken is not null && !string.IsNullOrEmpty(configuration.UserInfoEndpoint))
            {
                await AddUserInfoClaimsAsync(identity, configuration, tokens.AccessToken, idToken.Subject);
            }

            RemoveChallengeItems(properties);
            // Only the id_token is kept (for id_token_hint at sign-out); access and refresh tokens are not
            // needed by the app and would only enlarge and sensitise the auth cookie.
            properties.StoreTokens([new AuthenticationToken { Name = OidcDefaults.IdTokenName, Value = tokens.IdToken }]);

            var validated = new OidcTokenValidatedContext(Context, Scheme, Options, new ClaimsPrincipal(identity), properties, idToken);
            await Events.TokenValidated(validated);
            if (validated.Result is { } result)
            {
                return result.Failure is { } failure ? Fail(AsRejection(failure), properties) : result;
            }
            if (validated.Principal?.Identity?.IsAuthenticated != true)
            {
                return Fail(new OidcException(OidcErrors.SignInRejected, "OnTokenValidated left no authenticated principal."), properties);
            }
            return HandleRequestResult.Success(new AuthenticationTicket(validated.Principal, validated.Properties, Scheme.Name));
        }
        catch (OidcException ex)
        {
            return Fail(ex, properties);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !Context.RequestAborted.IsCancellationRequested)
        {
            // Not expected (an event threw, a bug): still no 500. Only the type and origin are logged: the
            // message of an exception we did not write may quote a token.
            Logger.SignInCrashed(ex.GetType().FullName!, $"{ex.TargetSite?.DeclaringType?.FullName}.{ex.TargetSite?.Name}");
            return HandleRequestResult.Fail(new OidcException(OidcErrors.SignInFailed, "The sign-in failed unexpectedly.", ex), properties);
        }
    }

    private HandleRequestResult Fail(OidcException failure, AuthenticationProperties? properties)
    {
        Logger.SignInFailed(failure.Error, failure.Message);
        return HandleRequestResult.Fail(failure, properties);
    }

    private async Task<Dictionary<string, StringValues>> ReadAuthorizationResponseAsync()
    {
        if (HttpMethods.IsGet(Request.Method))
        {
            var query = new Dictionary<string, StringValues>(Request.Query);
            // Tokens in a URL end up in histories and logs; a code-flow response never carries them.
            if (query.ContainsKey("id_token") || query.ContainsKey("access_token"))
            {
                throw new OidcException(OidcErrors.InvalidResponse, "The authorization response carries tokens in the query.");
            }
            return query;
        }
        if (HttpMethods.IsPost(Request.Method) && Request.HasFormContentType)
        {
            return new Dictionary<string, StringValues>(await Request.ReadFormAsync(Context.RequestAborted));
        }
        throw new OidcException(OidcErrors.InvalidResponse, "The callback is neither a GET nor a form POST.");
    }

    // The state is single-use: ValidateCorrelationId deletes the correlation cookie it is bound to, so a
    // replayed or cross-browser state fails right after this, before anything else is trusted.
    private AuthenticationProperties ReadState(Dictionary<string, StringValues> response)
    {
        var state = Value(response, "state")
            ?? throw new OidcException(OidcErrors.InvalidState, "The authorization response has no state.");
        var properties = Options.StateDataFormat.Unprotect(state);
        if (properties is null || properties.Items.ContainsKey(OidcDefaults.SignOutItem) ||
            !properties.Items.ContainsKey(OidcDefaults.NonceItem))
        {
            throw new OidcException(OidcErrors.InvalidState, "The state could not be read (forged, tampered with or from another key).");
        }
        return properties;
    }

    private async Task AddUserInfoClaimsAsync(
        ClaimsIdentity identity, OpenIdConnectConfiguration configuration, string accessToken, string subject)
    {
        using var userInfo = await new OidcTokenClient(Options).GetUserInfoAsync(configuration, accessToken, Context.RequestAborted);
        // OIDC Core §5.3.4: userinfo must be about the id_token's subject, or it is someone else's data.
        if (!userInfo.RootElement.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String || sub.GetString() != subject)
        {
            throw new OidcException(OidcErrors.UserInfoError, "The userinfo response is about another subject.");
        }
        OidcClaims.AddMissingFromUserInfo(identity, userInfo.RootElement, configuration.Issuer);
    }

    private static void RemoveChallengeItems(AuthenticationProperties properties)
    {
        properties.Items.Remove(OidcDefaults.CodeVerifierItem);
        properties.Items.Remove(OidcDefaults.NonceItem);
        properties.Items.Remove(OidcDefaults.RedirectUriItem);
        properties.Items.Remove(OidcDefaults.PromptItem);
    }

    private static OidcException ProviderError(string error, string? description, string? prompt)
    {
        // The code goes into a redirect URL: pass it through only when it looks like an error code.
        var code = OidcTokenClient.ErrorCode().IsMatch(error) ? error : OidcErrors.ProviderError;
        return new OidcException(code, $"The provider returned an error ({code}).")
        {
            ErrorDescription = description,
            Prompt = prompt,
        };
    }

    // The app's own message stays in the inner exception, out of logs: it may quote the token it rejected.
    private static OidcException AsRejection(Exception failure) => failure as OidcException
        ?? new OidcException(OidcErrors.SignInRejected, "OnTokenValidated rejected the sign-in.", failure);

    // RFC 6749 §3.1: a parameter sent twice makes the response invalid (no guessing which one counts).
    private static string? Value(Dictionary<string, StringValues> response, string name)
    {
        if (!response.TryGetValue(name, out var value) || StringValues.IsNullOrEmpty(value))
        {
            return null;
        }
        return value.Count == 1
            ? value.ToString()
            : throw new OidcException(OidcErrors.InvalidResponse, $"The authorization response repeats '{name}'.");
    }
}
