using Microsoft.Net.Http.Headers;

namespace TenantSite.Security;

/// <summary>
/// Refuses malformed input before anything reads it — the antiforgery check, model binding, the sign-in handler —
/// so each gets only well-formed UTF-8 without control characters: the query string of every request, and the body
/// of every request that sends one, which must be a UTF-8 <c>application/x-www-form-urlencoded</c> form (what every
/// form and htmx request here sends) of at most <see cref="MaxFormBytes"/> — or, on the JSON API, UTF-8 JSON of that size. The body is read once, checked and
/// handed on from memory.
/// </summary>
public sealed class InputCheckMiddleware(RequestDelegate next)
{
    /// <summary>The largest form accepted: the biggest real one (a sign-in callback) is a few kilobytes.</summary>
    public const int MaxFormBytes = 64 * 1024;

    private const string FormType = "application/x-www-form-urlencoded";

    /// <summary>Runs the middleware.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.IsReExecution() && await FindProblemAsync(context) is { } problem)
        {
            context.Reject(problem.StatusCode, problem.Message);
            return;
        }
        await next(context);
    }

    private static async Task<RequestRejection?> FindProblemAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.QueryString.HasValue &&
            UrlEncodedInput.FindProblem(request.QueryString.Value!, "query parameter", _ => false) is { } queryProblem)
            return new RequestRejection(StatusCodes.Status400BadRequest, queryProblem);

        if (!SendsData(request)) return null;
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (string.IsNullOrEmpty(request.ContentType) && !hasBody) return null;
        if (ApiEndpoint.Is(context)) return await CheckJsonAsync(context);
        if (!IsUtf8Form(request.ContentType))
            return new RequestRejection(StatusCodes.Status415UnsupportedMediaType,
                $"Forms must be sent as {FormType} in UTF-8, as a browser sends them.");
        if (request.ContentLength > MaxFormBytes) return TooLarge();

        var body = await ReadAtMostAsync(request.Body, MaxFormBytes + 1, context.RequestAborted);
        if (body.Length > MaxFormBytes) return TooLarge();
        request.Body = new MemoryStream(body, writable: false);

        var multiline = context.GetEndpoint()?.Metadata.GetMetadata<MultilineFieldsAttribute>();
        if (UrlEncodedInput.FindProblem(body, "form field", field => multiline?.Allows(field) == true) is { } formProblem)
            return new RequestRejection(StatusCodes.Status400BadRequest, formProblem);

        // Parsed once here, by the framework's own reader and its limits (FormOptions: field count, name length), so
        // that the antiforgery check never meets a form it cannot read and calls it a forgery.
        try
        {
            await request.ReadFormAsync(context.RequestAborted);
            return null;
        }
        catch (InvalidDataException)
        {
            return new RequestRejection(StatusCodes.Status413PayloadTooLarge,
                "The form has too many fields, or a field name that is too long.");
        }
    }

    // The API's bodies are JSON, read by the endpoint's binding, whose errors become problem details; here only their
    // type and size, so that nothing reads an unbounded body.
    private static async Task<RequestRejection?> CheckJsonAsync(HttpContext context)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ||
            !type.MediaType.Equals(JsonType, StringComparison.OrdinalIgnoreCase) ||
            type.Charset.Length > 0 && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return new RequestRejection(StatusCodes.Status415UnsupportedMediaType, $"Send the body as {JsonType} in UTF-8.");
        if (request.ContentLength > MaxFormBytes) return JsonTooLarge();
        var body = await ReadAtMostAsync(request.Body, MaxFormBytes + 1, context.RequestAborted);
        if (body.Length > MaxFormBytes) return JsonTooLarge();
        request.Body = new MemoryStream(body, writable: false);
        return null;
    }

    private const string JsonType = "application/json";

    private static bool SendsData(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) ||
        HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method);

    private static bool IsUtf8Form(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) &&
        type.MediaType.Equals(FormType, StringComparison.OrdinalIgnoreCase) &&
        (type.Charset.Length == 0 || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static RequestRejection TooLarge() => new(StatusCodes.Status413PayloadTooLarge,
        $"The form is too large: at most {MaxFormBytes / 1024} KB can be sent.");

    private static RequestRejection JsonTooLarge() => new(StatusCodes.Status413PayloadTooLarge,
        $"The body is too large: at most {MaxFormBytes / 1024} KB of JSON can be sent.");

    private static async Task<byte[]> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while (memory.Length < limit && (read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - memory.Length)), cancellationToken)) > 0)
            memory.Write(buffer, 0, read);
        return memory.ToArray();
    }
}
