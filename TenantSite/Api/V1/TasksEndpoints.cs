using TenantSite.Auth;
using TenantSite.Org.Tasks;

namespace TenantSite.Api.V1;

/// <summary>
/// Tasks: listed and created below their project (<c>/api/v1/projects/{id}/tasks</c>), read, changed and deleted by
/// their own id (<c>/api/v1/tasks/{id}</c>). The same permissions as the project page: members write, viewers read.
/// </summary>
public static class TasksEndpoints
{
    public static void MapTasksOfProject(this RouteGroupBuilder projects)
    {
        projects.MapGet("/{id:guid}/tasks", ListAsync).WithTags("Tasks").WithName("listTasks").WithSummary("List a project's tasks, oldest first")
            .WithDescription("A project's tasks, oldest id first, up to limit per page; completed=true or false keeps only done or open ones. Follow nextCursor (or the Link header) for the next page. 404 when the project is not this organization's. Needs read.")
            .RequirePermission(Permissions.ReadProjects).Produces<Page<TaskResource>>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        projects.MapPost("/{id:guid}/tasks", CreateAsync).WithTags("Tasks").WithName("createTask").WithSummary("Add a task to a project")
            .WithDescription("Adds a task to a project, with the given title (trimmed; one line, 1 to 200 characters). 201 with its Location and ETag. Needs write.")
            .RequirePermission(Permissions.WriteProjects).Accepts<NewTaskInput>("application/json")
            .Produces<TaskResource>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .Idempotent();
    }

    public static void MapTasks(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapGet("/{id:guid}", GetAsync).WithName("getTask").WithSummary("Read a task")
            .WithDescription("One task, with its ETag for a later If-Match. Needs read.")
            .RequirePermission(Permissions.ReadProjects).Produces<TaskResource>().ProducesProblem(StatusCodes.Status404NotFound);
        tasks.MapPatch("/{id:guid}", UpdateAsync).WithName("updateTask").WithSummary("Change a task's title or completion")
            .WithDescription("Changes a task's title, its completion, or both; a field left out (or null) stays as it is, and at least one must be given. Send If-Match to change that version only (412 if it changed since). Needs write.")
            .RequirePermission(Permissions.WriteProjects).Accepts<TaskChanges>("application/json").Produces<TaskResource>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        tasks.MapDelete("/{id:guid}", DeleteAsync).WithName("deleteTask").WithSummary("Delete a task")
            .WithDescription("Deletes a task. Send If-Match to delete that version only (412 if it changed since). Needs delete (owners and admins; no key).")
            .RequirePermission(Permissions.DeleteProjects).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    // One query: the project (null when it is not this organization's) with one page of its tasks.
    private static async Task<IResult> ListAsync(Guid id, string? limit, string? cursor, string? completed, AppDbContext db,
        HttpContext context, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var size = input.Limit(limit);
        var after = input.Cursor(cursor);
        var done = input.Flag(completed, "completed");
        if (!input.IsValid) return ApiProblems.Validation(input.Errors);

        var project = await db.Projects.Where(p => p.Id == id)
            .Select(p => new
            {
                Tasks = p.Tasks
                    .Where(t => (after == null || t.Id.CompareTo(after.Value) > 0) && (done == null || t.Completed == done))
                    .OrderBy(t => t.Id).Take(size + 1)
                    .Select(t => new TaskResource(t.Id, t.ProjectId, t.Title, t.Completed, t.CreatedAt, t.UpdatedAt))
                    .ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (project is null) return ProjectsEndpoints.NotFound();
        return TypedResults.Ok(ProjectsEndpoints.Paged(context, project.Tasks, size, t => t.Id));
    }

    // Each write is its command (Org/Tasks), as the project page makes it; the endpoint reads the request and answers in JSON.
    private static async Task<IResult> CreateAsync(Guid id, NewTaskInput body, [FromServices] AddTask.Handler add, HttpContext context,
        CancellationToken cancellationToken)
    {
        var result = await add.HandleAsync(new AddTask(id, body.Title), cancellationToken);
        if (result.Refused is { } refused) return ApiProblems.For(context, refused);
        var task = result.Value;
        context.Response.Headers.ETag = ETags.Of(task.Version);
        return TypedResults.Created($"{context.Request.PathBase}{ApiEndpoint.BasePath}/tasks/{task.Id:D}", Resource(task));
    }

    private static async Task<IResult> GetAsync(Guid id, AppDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null) return NotFound();
        response.Headers.ETag = ETags.Of(task.Version);
        return TypedResults.Ok(Resource(task));
    }

    private static async Task<IResult> UpdateAsync(Guid id, TaskChanges body, [FromServices] ChangeTask.Handler change, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context.Request) is not { } expected) return ApiProblems.MalformedIfMatch();
        var completion = body.Completed switch { true => Completion.Done, false => Completion.Open, null => Completion.Unchanged };
        var result = await change.HandleAsync(new ChangeTask(id, body.Title, completion) { Expected = expected }, cancellationToken);
        if (result.Refused is { } refused) return ApiProblems.For(context, refused);
        context.Response.Headers.ETag = ETags.Of(result.Value.Version);
        return TypedResults.Ok(Resource(result.Value));
    }

    private static async Task<IResult> DeleteAsync(Guid id, [FromServices] DeleteTask.Handler delete, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context.Request) is not { } expected) return ApiProblems.MalformedIfMatch();
        var result = await delete.HandleAsync(new DeleteTask(id) { Expected = expected }, cancellationToken);
        return result.Refused is { } refused ? ApiProblems.For(context, refused) : TypedResults.NoContent();
    }

    private static IResult NotFound() => ApiProblems.NotFound(TaskRules.NotFoundMessage);

    private static TaskResource Resource(TaskItem t) => new(t.Id, t.ProjectId, t.Title, t.Completed, t.CreatedAt, t.UpdatedAt);
}
