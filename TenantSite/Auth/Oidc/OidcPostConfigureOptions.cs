using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// Fills what <see cref="OidcOptions"/> leaves unset: data protection and the state format, the
/// back-channel <see cref="HttpClient"/>, and the discovery <see cref="ConfigurationManager{T}"/>.
/// </summary>
public sealed class OidcPostConfigureOptions(IDataProtectionProvider dataProtection) : IPostConfigureOptions<OidcOptions>
{
    /// <inheritdoc />
    public void PostConfigure(string? name, OidcOptions options)
    {
        name ??= Options.DefaultName;
        options.DataProtectionProvider ??= dataProtection;
        options.StateDataFormat ??= new PropertiesDataFormat(
            options.DataProtectionProvider.CreateProtector(typeof(OidcHandler).FullName!, name, "v1"));

        if (options.Backchannel is null)
        {
            options.Backchannel = new HttpClient(options.BackchannelHttpHandler ?? new HttpClientHandler())
            {
                Timeout = options.BackchannelTimeout,
                MaxResponseContentBufferSize = 1024 * 1024, // discovery, keys and token responses are small
            };
            options.Backchannel.DefaultRequestHeaders.UserAgent.ParseAdd("TenantSite-OIDC/1.0");
        }

        if (options.ConfigurationManager is null && !string.IsNullOrEmpty(options.Authority))
        {
            var metadataAddress = options.Authority.TrimEnd('/') + "/.well-known/openid-configuration";
            if (options.RequireHttpsMetadata && !metadataAddress.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    "The Authority must use https unless RequireHttpsMetadata is turned off (development only).");
            }
            options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                metadataAddress,
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(options.Backchannel) { RequireHttps = options.RequireHttpsMetadata })
            {
                RefreshInterval = options.RefreshInterval,
                AutomaticRefreshInterval = options.AutomaticRefreshInterval,
            };
        }
    }
}
