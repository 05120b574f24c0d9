using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api;

/// <summary>Clients of the JSON API and readers of its answers, for the tests under <c>Api/</c>.</summary>
public static class ApiClients
{
    /// <summary>A client that sends <paramref name="key"/> as its bearer token to <paramref name="host"/>.</summary>
    public static HttpClient KeyClient(this TenantSiteFactory app, string host, string key)
    {
        var client = app.ClientFor(host);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>The body of a JSON answer.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

    /// <summary>The problem details of an error answer, after checking that it is one, with the status it says.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>Sends <paramref name="body"/> as JSON with <paramref name="method"/>, with an If-Match when given.</summary>
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object? body,
        string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Sends <paramref name="body"/> as it is, with <paramref name="contentType"/>.</summary>
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string path, string body,
        string contentType = "application/json")
    {
        var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.SendAsync(new HttpRequestMessage(method, path) { Content = content }, TestContext.Current.CancellationToken);
    }

    /// <summary>The string value of a JSON property.</summary>
    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
