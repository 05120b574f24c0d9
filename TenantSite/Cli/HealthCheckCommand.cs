namespace TenantSite.Cli;

/// <summary>
/// <c>healthcheck URL</c>: exit code 0 when <c>URL</c> (the app's <c>/healthz</c>) answers with a success status
/// within 5 seconds, 1 when it does not, 2 for a missing or malformed URL. It is the container image's
/// <c>HEALTHCHECK</c>, because the ASP.NET runtime image has neither curl nor wget. It runs before the host is built:
/// a probe every 30 seconds costs a process start, not an app start.
/// </summary>
public static class HealthCheckCommand
{
    /// <summary>True when the first argument is <c>healthcheck</c>.</summary>
    public static bool IsCommand(string[] args) => args is ["healthcheck", ..];

    /// <summary>Probes the URL in <paramref name="args"/>; says why on <paramref name="error"/> when it fails.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        if (args is not [_, var url] || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync("usage: healthcheck http://127.0.0.1:8080/healthz");
            return 2;
        }

        // The probe is always local: an HTTP_PROXY in the container's environment must not take it elsewhere.
        using var http = new HttpClient(new HttpClientHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(uri);
            if (response.IsSuccessStatusCode) return 0;
            await error.WriteLineAsync($"healthcheck: {uri} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"healthcheck: {uri}: {e.Message}");
        }
        return 1;
    }
}
