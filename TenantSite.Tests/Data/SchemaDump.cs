using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// <c>TenantSite/Data/schema.sql</c>: <c>pg_dump --schema-only</c> of a freshly migrated database, owners, grants and
/// policies included (they are what keeps tenants apart), with only what changes between dumps of the same schema taken
/// out. <see cref="SchemaFileShould"/> compares it with the run's database; <see cref="RegenerateCommand"/> rewrites it.
/// </summary>
public static partial class SchemaDump
{
    /// <summary>Rewrites the committed file from a throwaway cluster (it runs <see cref="SchemaFileShould"/> in write mode).</summary>
    public const string RegenerateCommand = "./tools/schema/dump.sh";

    /// <summary>Set to 1 by <see cref="RegenerateCommand"/>: the test writes the file instead of comparing it.</summary>
    public const string WriteVariable = "TENANTSITE_WRITE_SCHEMA";

    /// <summary>The file's path inside the repository.</summary>
    public const string RelativePath = "TenantSite/Data/schema.sql";

    public static string FilePath => Path.Combine(DevIdp.RepositoryRoot(), RelativePath);

    private const string Header = """
        --
        -- TenantSite's schema as `migrate` leaves it: pg_dump --schema-only of a freshly migrated database, owned by
        -- tenantsite_owner, with tenantsite_app's grants. Generated, never edited: after adding a migration, run
        -- ./tools/schema/dump.sh and commit this file with it (Data/SchemaFileShould checks that they agree).
        -- The migrations are the history; this is the present. It is for reading, not for restoring: use migrate.
        --

        """;

    /// <summary>The normalized schema-only dump of <paramref name="database"/>, read as the superuser of <paramref name="admin"/>.</summary>
    public static async Task<string> DumpAsync(string admin, string database)
    {
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = database };
        // -w: never prompt; a password comes from the connection string through the environment, never argv.
        var start = new ProcessStartInfo(PostgresCluster.PgTool("pg_dump"), "--schema-only --no-tablespaces -w")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment =
            {
                ["PGHOST"] = connection.Host, ["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PGUSER"] = connection.Username, ["PGDATABASE"] = database, ["PGPASSWORD"] = connection.Password ?? "",
                ["PGCLIENTENCODING"] = "UTF8",
            },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start pg_dump.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pg_dump exited {process.ExitCode}: {await stderr}");
        return Normalize(await stdout);
    }

    /// <summary>
    /// pg_dump's text without what varies between dumps of the same schema: the minor versions in its header (kept as
    /// major versions, which do change the text), its opening SET lines (session settings for a restore, not schema),
    /// and the <c>\restrict</c> lines whose key is random on every dump since 15.14.
    /// </summary>
    public static string Normalize(string dump)
    {
        var lines = dump.ReplaceLineEndings("\n").Split('\n').ToList();
        var firstObject = lines.FindIndex(l => l.StartsWith("-- Name: ", StringComparison.Ordinal));
        if (firstObject < 1) throw new InvalidOperationException("pg_dump printed no object:\n" + dump);
        var versions = lines.Take(firstObject).Where(l => l.StartsWith("-- Dumped ", StringComparison.Ordinal))
            .Select(l => MinorVersion().Replace(l, "$1"));
        var body = lines.Skip(firstObject - 1)
            .Where(l => !l.StartsWith(@"\restrict ", StringComparison.Ordinal) && !l.StartsWith(@"\unrestrict ", StringComparison.Ordinal));
        return Header + string.Join("\n", versions) + "\n\n" + string.Join("\n", body).TrimEnd('\n') + "\n";
    }

    /// <summary>The major versions of server and pg_dump the text names, e.g. "15/15"; empty when it names none.</summary>
    public static string Versions(string schema) =>
        string.Join("/", schema.Split('\n').Take(20).Select(l => MajorVersion().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value));

    // "-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)" -> "-- Dumped from database version 15"
    [GeneratedRegex(@"^(-- Dumped (?:from database|by pg_dump) version \d+)\b.*$")]
    private static partial Regex MinorVersion();

    [GeneratedRegex(@"^-- Dumped (?:from database|by pg_dump) version (\d+)$")]
    private static partial Regex MajorVersion();
}
