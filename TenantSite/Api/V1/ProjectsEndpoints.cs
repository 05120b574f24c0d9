using TenantSite.Auth;
using TenantSite.Org.Projects;

namespace TenantSite.Api.V1;

/// <summary>
/// <c>/api/v1/projects</c>: list, read, create, rename and delete the organization's projects. Every query goes through
/// the tenant's query filter and RLS like the pages' do; an id of another organization's project is simply not found.
/// </summary>
public static class ProjectsEndpoints
{
    public static void MapProjects(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapGet("", ListAsync).WithName("listProjects").WithSummary("List projects, oldest first")
            .WithDescription("The organization's projects, oldest id first, up to limit per page. Follow nextCursor (or the Link header) for the next page; ids order the list, so a page never repeats or skips a project that was there all along. Needs read (any role).")
            .RequirePermission(Permissions.ReadProjects).Produces<Page<ProjectResource>>().ProducesValidationProblem();
        projects.MapGet("/{id:guid}", GetAsync).WithName("getProject").WithSummary("Read a project")
            .WithDescription("One project, with its ETag for a later If-Match. Another organization's project is not found (404), like one that does not exist. Needs read.")
            .RequirePermission(Permissions.ReadProjects).Produces<ProjectResource>().ProducesProblem(StatusCodes.Status404NotFound);
        projects.MapPost("", CreateAsync).WithName("createProject").WithSummary("Create a project")
            .WithDescription("Creates a project with the given name (trimmed; one line, 1 to 100 characters). 201 with its Location and ETag; 409 when the organization's plan allows no more projects. Needs write (members, admins, owners; member keys).")
            .RequirePermission(Permissions.WriteProjects).Accepts<ProjectInput>("application/json")
            .Produces<ProjectResource>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Idempotent();
        projects.MapPatch("/{id:guid}", RenameAsync).WithName("renameProject").WithSummary("Rename a project")
            .WithDescription("Renames a project. Send If-Match with the ETag you saw to change that version only (412 if it changed since). Needs write.")
            .RequirePermission(Permissions.WriteProjects).Accepts<ProjectInput>("application/json").Produces<ProjectResource>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        projects.MapDelete("/{id:guid}", DeleteAsync).WithName("deleteProject").WithSummary("Delete a project and its tasks")
            .WithDescription("Deletes a project and all its tasks. Send If-Match to delete that version only (412 if it changed since). Needs delete (owners and admins; no key).")
            .RequirePermission(Permissions.DeleteProjects).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        projects.MapTasksOfProject();
    }

    // Keyset pagination by id: stable under inserts and deletes, and one index range (organization_id, id) per page.
    private static async Task<IResult> ListAsync(string? limit, string? cursor, AppDbContext db, HttpContext context, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var size = input.Limit(limit);
        var after = input.Cursor(cursor);
        if (!input.IsValid) return ApiProblems.Validation(input.Errors);

        var rows = await db.Projects
            .Where(p => after == null || p.Id.CompareTo(after.Value) > 0)
            .OrderBy(p => p.Id).Take(size + 1)
            .Select(p => new ProjectResource(p.Id, p.Name, p.CreatedAt, p.UpdatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(Paged(context, rows, size, p => p.Id));
    }

    private static async Task<IResult> GetAsync(Guid id, AppDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null) return NotFound();
        response.Headers.ETag = ETags.Of(project.Version);
        return TypedResults.Ok(Resource(project));
    }

    // Each write is its command (Org/Projects), as the pages make it; the endpoint reads the request and answers in JSON.
    private static async Task<IResult> CreateAsync(ProjectInput body, [FromServices] CreateProject.Handler create, HttpContext context,
        CancellationToken cancellationToken)
    {
        var result = await create.HandleAsync(new CreateProject(body.Name), cancellationToken);
        if (result.Refused is { } refused) return ApiProblems.For(context, refused);
        var project = result.Value;
        context.Response.Headers.ETag = ETags.Of(project.Version);
        return TypedResults.Created(Location(context, project.Id), Resource(project));
    }

    private static async Task<IResult> RenameAsync(Guid id, ProjectInput body, [FromServices] RenameProject.Handler rename, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context.Request) is not { } expected) return ApiProblems.MalformedIfMatch();
        var result = await rename.HandleAsync(new RenameProject(id, body.Name) { Expected = expected }, cancellationToken);
        if (result.Refused is { } refused) return ApiProblems.For(context, refused);
        context.Response.Headers.ETag = ETags.Of(result.Value.Version);
        return TypedResults.Ok(Resource(result.Value));
    }

    private static async Task<IResult> DeleteAsync(Guid id, [FromServices] DeleteProject.Handler delete, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context.Request) is not { } expected) return ApiProblems.MalformedIfMatch();
        var result = await delete.HandleAsync(new DeleteProject(id) { Expected = expected }, cancellationToken);
        return result.Refused is { } refused ? ApiProblems.For(context, refused) : TypedResults.NoContent();
    }

    /// <summary>
    /// The first <paramref name="size"/> of <paramref name="rows"/> (one more was read to know whether a next page
    /// exists), with the next page's cursor in the body and as an RFC 8288 <c>Link</c> header: the same request with
    /// <c>cursor</c> moved on.
    /// </summary>
    internal static Page<T> Paged<T>(HttpContext context, List<T> rows, int size, Func<T, Guid> id)
    {
        if (rows.Count <= size) return new Page<T>(rows, null);
        var next = ApiInput.CursorAfter(id(rows[size - 1]));
        var query = QueryString.Create(context.Request.Query
            .Where(q => q.Key != "cursor")
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("cursor", (string?)next)));
        context.Response.Headers.Link = $"<{context.Request.PathBase}{context.Request.Path}{query}>; rel=\"next\"";
        return new Page<T>(rows[..size], next);
    }

    internal static IResult NotFound() => ApiProblems.NotFound(ProjectRules.NotFoundMessage);

    private static ProjectResource Resource(Project p) => new(p.Id, p.Name, p.CreatedAt, p.UpdatedAt);

    private static string Location(HttpContext context, Guid id) =>
        $"{context.Request.PathBase}{ApiEndpoint.BasePath}/projects/{id:D}";
}
