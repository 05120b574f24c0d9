using System.Text.Json.Nodes;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>What the test provider does; each test changes what it needs, even between two sign-ins.</summary>
public sealed class TestProviderSettings
{
    public string ClientId { get; set; } = "tenant-site";

    /// <summary>Contains ':' '+' '/' '=' ' ' and non-ASCII, which client_secret_basic must form-urlencode.</summary>
    public string ClientSecret { get; set; } = "s3cr:t+/= é";

    public string Subject { get; set; } = "user-123";

    /// <summary>The registered redirect URIs, matched exactly: the root domain's callback only, over http and https.</summary>
    public List<string> RedirectUris { get; } = ["http://localhost/signin-oidc", "https://localhost/signin-oidc"];

    /// <summary>token_endpoint_auth_methods_supported; empty means the member is left out of discovery.</summary>
    public List<string> TokenEndpointAuthMethods { get; } = ["client_secret_basic", "client_secret_post"];

    public bool AdvertiseEndSession { get; set; } = true;

    public List<TestKey> PublishedKeys { get; } = [TestKey.Rsa1, TestKey.Ec1];

    /// <summary>Turns the id_token payload into a JWT; default: RS256 with the published rsa-1.</summary>
    public Func<JsonObject, string> SignIdToken { get; set; } = payload => TestIdTokens.Sign(payload, TestKey.Rsa1);

    /// <summary>Tampers with the id_token payload before it is signed.</summary>
    public Action<JsonObject>? EditIdToken { get; set; }

    /// <summary>Answer every authorization request with this error (e.g. access_denied).</summary>
    public string? AuthorizeError { get; set; }

    /// <summary>Whether the user has a session at the provider: without one, prompt=none gets login_required.</summary>
    public bool HasSession { get; set; } = true;

    /// <summary>Answer the token request with 400 invalid_grant.</summary>
    public bool FailTokenEndpoint { get; set; }

    /// <summary>Userinfo response for the subject; default: sub, email, name, locale.</summary>
    public Func<string, JsonObject> UserInfo { get; set; } = sub => new JsonObject
    {
        ["sub"] = sub, ["email"] = "ada@example.test", ["name"] = "Ada (userinfo)", ["locale"] = "en-GB",
    };

    /// <summary>
    /// True when discovery, the keys and the client registration are the same as <paramref name="other"/>'s: what an app
    /// reads once and caches, so a provider shared by a class's tests must keep it.
    /// </summary>
    public bool PublishesTheSameAs(TestProviderSettings other) =>
        ClientId == other.ClientId && ClientSecret == other.ClientSecret && AdvertiseEndSession == other.AdvertiseEndSession &&
        TokenEndpointAuthMethods.SequenceEqual(other.TokenEndpointAuthMethods) && PublishedKeys.SequenceEqual(other.PublishedKeys) &&
        RedirectUris.SequenceEqual(other.RedirectUris);
}
