using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TenantSite.Api;

namespace TenantSite.Cli;

/// <summary>
/// <c>openapi FILE</c>: writes the API's OpenAPI document, as <c>/openapi/v1.json</c> serves it, without serving or
/// touching the database. <c>tools/openapi/generate.sh</c> keeps the committed copy and the tests' client from it.
/// </summary>
public static class OpenApiCommand
{
    public static async Task RunAsync(WebApplication app, string path, CancellationToken cancellationToken)
    {
        // The document describes the endpoints routing knows: map the API's and hand them to routing, as serving would
        // (UseEndpoints is where routing learns the app's endpoints; nothing here serves a request).
        app.MapTenantSiteApi();
        app.UseRouting();
        app.UseEndpoints(_ => { });
        var provider = app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>(ApiExtensions.DocumentName);
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        await using var file = File.Create(path);
        await document.SerializeAsJsonAsync(file, OpenApiSpecVersion.OpenApi3_1, cancellationToken);
    }
}
