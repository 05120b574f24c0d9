using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TenantSite.Auth;
using TenantSite.Org;

namespace TenantSite.Api;

/// <summary>
/// The API's errors as RFC 9457 problem details (<c>application/problem+json</c>): a title that names the kind, a
/// detail that says what to do, and for invalid input the fields. The endpoints return their own; every other error
/// status (from authentication, authorization, rate limits, the input checks, the exception handler, an unknown
/// address) is described by <see cref="ForStatus"/> on the error page the status code pages re-execute.
/// </summary>
public static class ApiProblems
{
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors,
        title: "The request is not valid.", detail: "See errors: what to change, by field.");

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult PreconditionFailed() => TypedResults.Problem(
        "It changed since the version your If-Match names. Fetch it again and retry with its current ETag.",
        statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed meanwhile");

    /// <summary>
    /// The organization's plan allows no more (409: its current state is the conflict, not the key's role), with the
    /// address of its billing page, in the request's own mode (host or path).
    /// </summary>
    public static ProblemHttpResult PlanLimit(HttpContext context, string reason) => TypedResults.Problem(
        $"{reason} Nothing was created. An owner can move the organization to a larger plan on its billing page: " +
        $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/billing",
        statusCode: StatusCodes.Status409Conflict, title: "Plan limit reached");

    public static ProblemHttpResult MalformedIfMatch() => TypedResults.Problem(
        "If-Match must be * or a list of quoted entity tags, as sent in ETag.",
        statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    /// <summary>
    /// A command's refusal (<c>Org/</c>) in the API's form: invalid fields by their JSON names (the command as a whole is
    /// <c>$</c>), 404, 403, 412 for a change since the version <c>If-Match</c> named, 409 for the plan's limit (with the
    /// way up) and for the organization's state.
    /// </summary>
    public static IResult For(HttpContext context, Refused refused) => refused.Kind switch
    {
        Refusal.Invalid => Validation(refused.Errors.GroupBy(e => JsonName(e.Field))
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray())),
        Refusal.NotFound => NotFound(refused.Message),
        Refusal.Forbidden => TypedResults.Problem(refused.Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"),
        Refusal.ChangedMeanwhile => PreconditionFailed(),
        Refusal.PlanLimit => PlanLimit(context, refused.Message),
        _ => TypedResults.Problem(refused.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
    };

    private static string JsonName(string field) => field == FieldError.Whole ? "$" : JsonNamingPolicy.CamelCase.ConvertName(field);

    /// <summary>The problem details of an error status that no endpoint described.</summary>
    public static IResult ForStatus(HttpContext context, int status, string? rejection, Exception? failure)
    {
        if (failure is BadHttpRequestException { InnerException: JsonException json })
        {
            // The body did not read as the operation's JSON: say where, without the serializer's .NET type names.
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path;
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [JsonMessage(json)] },
                title: "The request body is not valid JSON for this operation.",
                detail: "Send a JSON object with the fields this operation documents (see /openapi/v1.json).");
        }

        var (title, detail) = status switch
        {
            400 => ("Bad request", rejection ?? (failure as BadHttpRequestException)?.Message ?? "The request was malformed."),
            401 => ("Unauthorized", context.Features.Get<ApiKeyFailure>() is { } key
                ? key.Message + " Create a key on the organization's settings page."
                : "Send an API key as \"Authorization: Bearer <key>\", or sign in."),
            403 => ("Forbidden", "The role of this key or account does not allow that."),
            404 => ("Not found", "There is nothing here, or nothing this key or account may see."),
            405 => ("Method not allowed", "This address does not accept that method."),
            413 => ("Too large", rejection ?? "The request is larger than the API accepts."),
            415 => ("Unsupported media type", rejection ?? "Send the body as application/json."),
            429 => ("Too many requests", rejection ?? TooManyRequests(context.Response)),
            503 => ("Temporarily unavailable", "The database cannot be reached right now. Nothing was lost; try again in a few seconds."),
            >= 500 => ("Internal error", "The error was logged. Please try again."),
            _ => ("Error", rejection ?? "The request could not be completed."),
        };
        return TypedResults.Problem(detail, statusCode: status, title: title);
    }

    private static string TooManyRequests(HttpResponse response) =>
        RateLimits.RetryAfter.Of(response) is { } seconds
            ? $"Too many requests for this key; try again in {seconds} second{(seconds == 1 ? "" : "s")}. Nothing was changed."
            : "Too many requests for this key; try again in a minute. Nothing was changed.";

    private static string JsonMessage(JsonException json) => json.Message.Contains("could not be mapped", StringComparison.Ordinal)
        ? "This operation has no such field."
        : json.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? "This value has the wrong type for the field."
            : "This is not valid JSON here.";
}
