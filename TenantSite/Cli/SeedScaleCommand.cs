using System.Globalization;
using Npgsql;

namespace TenantSite.Cli;

/// <summary>
/// <c>seed-scale [--organizations N] [--projects P] [--tasks T]</c>: load-test data in the app's own schema, set-based
/// and fast, as the owner (<c>ConnectionStrings:TenantSiteAdmin</c>). It adds organizations <c>scale-1</c> …
/// <c>scale-N</c> (default 10,000), each with P projects (20) of T tasks (5): 200,000 projects and 1,000,000 tasks by
/// default. They have no members, so they never appear in anyone's switcher, and are on the enterprise plan, whose
/// limits no --projects reaches. Running it again adds only what is missing.
/// </summary>
public static class SeedScaleCommand
{
    /// <summary>The shape of the data: organizations, projects per organization, tasks per project.</summary>
    public sealed record Shape(int Organizations = 10_000, int Projects = 20, int Tasks = 5)
    {
        /// <summary>Reads <c>--organizations</c>, <c>--projects</c> and <c>--tasks</c>; null with a message when one is not a count.</summary>
        public static Shape? Parse(string[] args, out string? error)
        {
            var shape = new Shape();
            error = null;
            for (var i = 0; i < args.Length; i += 2)
            {
                if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ||
                    n is < 0 or > 10_000_000)
                {
                    error = $"{args[i]} needs a count from 0 to 10000000.";
                    return null;
                }
                switch (args[i])
                {
                    case "--organizations": shape = shape with { Organizations = n }; break;
                    case "--projects": shape = shape with { Projects = n }; break;
                    case "--tasks": shape = shape with { Tasks = n }; break;
                    default:
                        error = $"Unknown option {args[i]}: use --organizations, --projects and --tasks.";
                        return null;
                }
            }
            return shape;
        }
    }

    // FORCE binds the owner to the tenant policies, which admit one organization per statement. Lifting it inside this
    // one transaction lets a single statement write every organization's rows; ALTER TABLE holds its exclusive lock
    // until COMMIT, so no other session ever sees the table without FORCE, and a failure rolls it back.
    // The live-update triggers (migration LiveUpdates) are switched off the same way: they would send a notification per
    // project (hundreds of thousands, for organizations nobody is a member of) to every listening app instance.
    // The same goes for the audit triggers: load-test rows are nobody's changes, and a million events would slow the
    // load and swell audit_events. Only the tables' owner may disable a trigger (the runtime role cannot skip auditing),
    // and the lock it takes keeps every other writer of these tables waiting until COMMIT, when they are on again.
    private const string Sql = """
        ALTER TABLE projects NO FORCE ROW LEVEL SECURITY;
        ALTER TABLE tasks NO FORCE ROW LEVEL SECURITY;
        ALTER TABLE organizations DISABLE TRIGGER tr_organizations_audit;
        ALTER TABLE projects DISABLE TRIGGER tr_projects_audit;
        ALTER TABLE tasks DISABLE TRIGGER tr_tasks_audit;
        ALTER TABLE projects DISABLE TRIGGER tr_projects_live_insert;
        ALTER TABLE tasks DISABLE TRIGGER tr_tasks_live_insert;
        INSERT INTO organizations (id, name, slug, plan, created_at)
            SELECT gen_random_uuid(), 'Scale ' || g, 'scale-' || g, 'enterprise', now() FROM generate_series(1, @organizations) g
            ON CONFLICT DO NOTHING;
        INSERT INTO projects (id, organization_id, name, created_at)
            SELECT gen_random_uuid(), o.id, 'Project ' || p, now() - p * interval '1 minute'
            FROM organizations o CROSS JOIN generate_series(1, @projects) p
            WHERE o.slug ~ '^scale-[0-9]+$' AND NOT EXISTS (SELECT 1 FROM projects x WHERE x.organization_id = o.id);
        INSERT INTO tasks (id, organization_id, project_id, title, completed, created_at)
            SELECT gen_random_uuid(), pr.organization_id, pr.id, 'Task ' || t, t % 2 = 0, now() - t * interval '1 second'
            FROM projects pr JOIN organizations o ON o.id = pr.organization_id CROSS JOIN generate_series(1, @tasks) t
            WHERE o.slug ~ '^scale-[0-9]+$' AND NOT EXISTS (SELECT 1 FROM tasks x WHERE x.project_id = pr.id);
        ALTER TABLE organizations ENABLE TRIGGER tr_organizations_audit;
        ALTER TABLE projects ENABLE TRIGGER tr_projects_audit;
        ALTER TABLE tasks ENABLE TRIGGER tr_tasks_audit;
        ALTER TABLE projects ENABLE TRIGGER tr_projects_live_insert;
        ALTER TABLE tasks ENABLE TRIGGER tr_tasks_live_insert;
        ALTER TABLE projects FORCE ROW LEVEL SECURITY;
        ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
        """;

    /// <summary>Loads <paramref name="shape"/> in one transaction, then refreshes the planner's statistics.</summary>
    public static async Task RunAsync(IConfiguration configuration, Shape shape, ILogger logger, CancellationToken cancellationToken)
    {
        var admin = configuration.GetConnectionString(DataExtensions.AdminConnection)
            ?? throw new InvalidOperationException($"ConnectionStrings:{DataExtensions.AdminConnection} is not configured.");
        await using var source = NpgsqlDataSource.Create(admin);
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using var command = new NpgsqlCommand(Sql, connection, transaction) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("organizations", shape.Organizations);
            command.Parameters.AddWithValue("projects", shape.Projects);
            command.Parameters.AddWithValue("tasks", shape.Tasks);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await using (var analyze = new NpgsqlCommand("ANALYZE organizations, projects, tasks", connection) { CommandTimeout = 0 })
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Scale data: {Organizations} organizations with {Projects} projects of {Tasks} tasks each.",
            shape.Organizations, shape.Projects, shape.Tasks);
    }
}
