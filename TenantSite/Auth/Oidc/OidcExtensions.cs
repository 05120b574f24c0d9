using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TenantSite.Auth.Oidc;

/// <summary>Registers the OpenID Connect relying party on an <see cref="AuthenticationBuilder"/>.</summary>
public static class OidcExtensions
{
    /// <summary>
    /// Adds an OpenID Connect scheme. Failed sign-ins redirect to <see cref="OidcOptions.ErrorPath"/>
    /// unless <c>options.Events.OnRemoteFailure</c> is replaced.
    /// </summary>
    public static AuthenticationBuilder AddOidc(this AuthenticationBuilder builder, string authenticationScheme, Action<OidcOptions> configureOptions) =>
        builder.AddOidc(authenticationScheme, OidcDefaults.DisplayName, configureOptions);

    /// <summary>Adds an OpenID Connect scheme with a display name.</summary>
    public static AuthenticationBuilder AddOidc(
        this AuthenticationBuilder builder, string authenticationScheme, string? displayName, Action<OidcOptions> configureOptions)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OidcOptions>, OidcPostConfigureOptions>());
        return builder.AddRemoteScheme<OidcOptions, OidcHandler>(authenticationScheme, displayName, configureOptions);
    }
}
