using Npgsql;

namespace TenantSite.Data;

/// <summary>
/// Creates (when missing and allowed) the runtime role named in <c>ConnectionStrings:TenantSite</c> and grants it
/// exactly the DML it needs. It owns nothing, so FORCE is not even needed for it to be bound by RLS.
/// </summary>
public static class RuntimeRole
{
    private static readonly string[] Grants =
    [
        "GRANT USAGE ON SCHEMA public TO {0}",
        "GRANT SELECT, UPDATE, DELETE ON organizations TO {0}",
        "GRANT SELECT ON users TO {0}",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON organization_members, projects, tasks TO {0}",
        // Revoking or answering marks an invitation; none is ever deleted except with its organization.
        "GRANT SELECT, INSERT, UPDATE ON invitations TO {0}",
        // Revoking marks a key; none is ever deleted except with its organization.
        "GRANT SELECT, INSERT, UPDATE ON api_keys TO {0}",
        // The API's idempotent writes: claimed, answered, and deleted once a day old (Api/Idempotency). Guarded because
        // the table is younger than schemas the upgrade tests grant on (Data/UpgradeInPlaceShould migrates down).
        "DO $$ BEGIN IF to_regclass('public.idempotent_requests') IS NOT NULL THEN " +
            "GRANT SELECT, INSERT, UPDATE, DELETE ON idempotent_requests TO {0}; END IF; END $$",
        // Read-only: only the audit triggers write it (SECURITY DEFINER, as its owner), so the app can neither forge,
        // rewrite nor delete an event. Events go only with their organization.
        "GRANT SELECT ON audit_events TO {0}",
        // The readiness probe compares the applied migrations with the build's (Health/DatabaseReadyCheck).
        "GRANT SELECT ON \"__EFMigrationsHistory\" TO {0}",
        // Outside RLS, no tenant's: the key ring every instance shares (its store only reads and adds keys; the
        // identity column needs no sequence grant), and the ended sessions every instance polls; only
        // tenantsite_delete_expired_sessions deletes them (an earlier version granted DELETE).
        "GRANT SELECT, INSERT ON data_protection_keys TO {0}",
        "GRANT SELECT, INSERT ON session_revocations TO {0}",
        "REVOKE DELETE ON session_revocations FROM {0}",
        // The signed-in user's own sessions (RLS own_sessions); they end through session_revocations' trigger.
        "GRANT SELECT, INSERT ON user_sessions TO {0}",
        // No tenant's: each plan's limits, for the billing page and the limit messages; only migrate writes them.
        "GRANT SELECT ON plan_limits TO {0}",
        "GRANT EXECUTE ON FUNCTION tenantsite_resolve_organization(text), tenantsite_upsert_user(text, text, text, text, boolean), " +
            "tenantsite_create_organization(text, text), tenantsite_pending_invitations(), tenantsite_answer_invitation(uuid, boolean), " +
            "tenantsite_authenticate_api_key(text, bytea), tenantsite_invitation_link(bytea), tenantsite_answer_invitation_link(bytea, boolean), " +
            "tenantsite_create_session_handoff(bytea, uuid, text, text, bytea, interval), " +
            "tenantsite_redeem_session_handoff(bytea, text, bytea, text, inet), " +
            "tenantsite_end_provider_sessions(text, text, text, text, timestamptz, interval), " +
            "tenantsite_touch_sessions(uuid[]), tenantsite_delete_expired_sessions(interval) TO {0}",
    ];

    // What an earlier migrate granted and the role no longer needs: revoked on every run (a no-op once it is gone).
    private static readonly string[] Revokes =
    [
        "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_events FROM {0}",
    ];

    /// <summary>Ensures the role exists, is not privileged, and has its grants. Run as the owner after migrating.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource admin, string role, string? password, CancellationToken cancellationToken)
    {
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        var existing = await ScalarAsync<bool?>(connection,
            "SELECT rolsuper OR rolbypassrls OR rolcreaterole FROM pg_roles WHERE rolname = $1", cancellationToken, role);
        if (existing is null)
        {
            var mayCreate = await ScalarAsync<bool>(connection,
                "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user", cancellationToken);
            if (!mayCreate)
                throw new InvalidOperationException(
                    $"Role \"{role}\" does not exist and the migrating role may not create it. Create it as " +
                    "LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS, or migrate as a role with CREATEROLE.");
            // CREATE ROLE takes no bind parameters: format() quotes the name (%I) and password (%L) server-side.
            var create = await ScalarAsync<string>(connection,
                "SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT' " +
                "|| CASE WHEN $2 <> '' THEN ' PASSWORD ' || quote_literal($2) ELSE '' END, $1::text)",
                cancellationToken, role, password ?? "");
            await ExecuteAsync(connection, create, cancellationToken);
        }
        else if (existing == true)
        {
            throw new InvalidOperationException(
                $"Role \"{role}\" is a superuser or has rolbypassrls/rolcreaterole; the runtime role must have none of them.");
        }

        var quoted = await ScalarAsync<string>(connection, "SELECT quote_ident($1)", cancellationToken, role);
        foreach (var revoke in Revokes) await ExecuteAsync(connection, string.Format(revoke, quoted), cancellationToken);
        foreach (var grant in Grants) await ExecuteAsync(connection, string.Format(grant, quoted), cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken,
        params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default! : (T)value;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
