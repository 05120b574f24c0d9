using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace TenantSite.Api;

/// <summary>
/// <c>Idempotency-Key</c> on the API's POSTs: a retry with the same key and the same request within 24 hours gets the
/// first answer again (with <c>Idempotent-Replayed: true</c>) and writes nothing; the same key with another request is
/// a 409. Keys are the sender's own (an API key's or a user's) in its organization, stored in PostgreSQL under RLS.
/// The key is claimed, the write made and its answer stored in one transaction: a concurrent retry's claim waits on
/// the first one's row until it commits, then replays it, so however many arrive at once, one write happens.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Makes a POST endpoint honour <see cref="Header"/>.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(FilterAsync);

    private static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var values = context.Request.Headers[Header];
        if (values.Count == 0) return await next(invocation);
        if (values is not [{ Length: >= 1 and <= 255 } key] || key.Any(c => c is < '!' or > '~'))
            return TypedResults.Problem($"{Header} must be one value of 1 to 255 visible ASCII characters (a UUID does). Nothing was changed.",
                statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

        var scope = context.RequestServices.GetRequiredService<DataScope>();
        var owner = scope.ApiKey is { } apiKey ? $"key:{apiKey.KeyId}" : $"user:{scope.UserId}";
        var organization = scope.OrganizationId ?? throw new InvalidOperationException("An API write without an organization.");
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var hash = RequestHash(context.Request, invocation.Arguments, json);
        var db = context.RequestServices.GetRequiredService<AppDbContext>();
        var cancellationToken = context.RequestAborted;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A row left from more than a day ago is taken over; so is any of this organization's other old rows deleted.
        var claimed = await db.Database.SqlQuery<bool>($"""
            WITH expired AS (
                DELETE FROM idempotent_requests
                WHERE organization_id = {organization} AND created_at < now() - {Lifetime} AND NOT (scope = {owner} AND key = {key}))
            INSERT INTO idempotent_requests (organization_id, scope, key, request_hash) VALUES ({organization}, {owner}, {key}, {hash})
            ON CONFLICT ON CONSTRAINT pk_idempotent_requests DO UPDATE
                SET request_hash = excluded.request_hash, status = NULL, content_type = NULL, location = NULL, etag = NULL, body = NULL,
                    created_at = now()
                WHERE idempotent_requests.created_at < now() - {Lifetime}
            RETURNING true AS "Value"
            """).ToListAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            var first = await db.IdempotentRequests.AsNoTracking().SingleAsync(r => r.Scope == owner && r.Key == key, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Replay(context, first, hash);
        }

        var result = await next(invocation);
        var status = (result as IStatusCodeHttpResult)?.StatusCode
                     ?? throw new InvalidOperationException("An idempotent endpoint answers with a status result, so that its answer can be kept.");
        if (status >= 500) return result; // the write is rolled back with the claim: a retry may try again
        // Created<T>, the one success with a Location, has no interface that names it.
        var location = result!.GetType().GetProperty("Location")?.GetValue(result) as string;
        var etag = context.Response.Headers.ETag.Count > 0 ? context.Response.Headers.ETag.ToString() : null;
        var (contentType, body) = result is IValueHttpResult { Value: { } value }
            ? (result is ProblemHttpResult or ValidationProblem ? "application/problem+json" : "application/json",
               JsonSerializer.Serialize(value, value.GetType(), json))
            : (null, null);
        // The claimed row, answered in place: one statement, in the write's transaction.
        await db.IdempotentRequests.Where(r => r.Scope == owner && r.Key == key).ExecuteUpdateAsync(row => row
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Location, location)
            .SetProperty(r => r.ETag, etag)
            .SetProperty(r => r.ContentType, contentType)
            .SetProperty(r => r.Body, body), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static IResult Replay(HttpContext context, IdempotentRequest first, byte[] hash)
    {
        if (!CryptographicOperations.FixedTimeEquals(first.RequestHash, hash))
            return TypedResults.Problem(
                $"This {Header} was used for a different request (another body or address) in the last 24 hours. Use a new key for a " +
                "new request. Nothing was changed.", statusCode: StatusCodes.Status409Conflict, title: "Idempotency key reused");
        context.Response.Headers[ReplayedHeader] = "true";
        if (first.Location is not null) context.Response.Headers.Location = first.Location;
        if (first.ETag is not null) context.Response.Headers.ETag = first.ETag;
        return first.Body is null
            ? TypedResults.StatusCode(first.Status ?? StatusCodes.Status409Conflict)
            : TypedResults.Text(first.Body, first.ContentType, Encoding.UTF8, first.Status);
    }

    // What was asked: the method, the address below the organization (host and path mode alike), and the body as the API
    // read it (so spacing and field order do not count).
    private static byte[] RequestHash(HttpRequest request, IList<object?> arguments, JsonSerializerOptions json)
    {
        var bodies = arguments.Where(a => a?.GetType().Namespace == typeof(V1.ProjectInput).Namespace)
            .Select(a => JsonSerializer.Serialize(a, a!.GetType(), json));
        return SHA256.HashData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n{string.Join("\n", bodies)}"));
    }
}
