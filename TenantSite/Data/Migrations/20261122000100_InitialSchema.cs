using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// Tables and keys. Written by hand, before EF's design tooling could run here; <c>SchemaMatchesModelTests</c> proves
/// this SQL and the EF model describe the same schema. Every tenant-owned table leads with organization_id in its keys,
/// and children reference parents through (organization_id, parent_id), so no row can point into another tenant.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000100_InitialSchema")]
public sealed class InitialSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE organizations (
                id          uuid        NOT NULL DEFAULT gen_random_uuid(),
                name        text        NOT NULL,
                slug        text        NOT NULL,
                plan        text        NOT NULL DEFAULT 'free',
                created_at  timestamptz NOT NULL DEFAULT now(),
                updated_at  timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT pk_organizations PRIMARY KEY (id),
                CONSTRAINT ck_organizations_plan CHECK (plan IN ('free', 'pro', 'enterprise'))
            );
            CREATE UNIQUE INDEX ux_organizations_slug ON organizations (slug);

            CREATE TABLE users (
                id          uuid        NOT NULL DEFAULT gen_random_uuid(),
                issuer      text        NOT NULL,
                subject     text        NOT NULL,
                email       text,
                name        text,
                created_at  timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT pk_users PRIMARY KEY (id)
            );
            CREATE UNIQUE INDEX ux_users_issuer_subject ON users (issuer, subject);
            CREATE INDEX ix_users_email ON users (email);

            CREATE TABLE organization_members (
                organization_id uuid        NOT NULL,
                user_id         uuid        NOT NULL,
                role            text        NOT NULL DEFAULT 'member',
                created_at      timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT pk_organization_members PRIMARY KEY (organization_id, user_id),
                CONSTRAINT fk_organization_members_organization FOREIGN KEY (organization_id)
                    REFERENCES organizations (id) ON DELETE CASCADE,
                CONSTRAINT fk_organization_members_user FOREIGN KEY (user_id)
                    REFERENCES users (id) ON DELETE CASCADE,
                CONSTRAINT ck_organization_members_role CHECK (role IN ('owner', 'admin', 'member', 'viewer'))
            );
            CREATE INDEX ix_organization_members_user_id ON organization_members (user_id);

            CREATE TABLE projects (
                organization_id uuid        NOT NULL,
                id              uuid        NOT NULL DEFAULT gen_random_uuid(),
                name            text        NOT NULL,
                created_at      timestamptz NOT NULL DEFAULT now(),
                updated_at      timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT pk_projects PRIMARY KEY (organization_id, id),
                CONSTRAINT fk_projects_organization FOREIGN KEY (organization_id)
                    REFERENCES organizations (id) ON DELETE CASCADE
            );
            CREATE INDEX ix_projects_organization_id_created_at ON projects (organization_id, created_at DESC);

            CREATE TABLE tasks (
                organization_id uuid        NOT NULL,
                id              uuid        NOT NULL DEFAULT gen_random_uuid(),
                project_id      uuid        NOT NULL,
                title           text        NOT NULL,
                completed       boolean     NOT NULL DEFAULT false,
                created_at      timestamptz NOT NULL DEFAULT now(),
                updated_at      timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT pk_tasks PRIMARY KEY (organization_id, id),
                CONSTRAINT fk_tasks_organization FOREIGN KEY (organization_id)
                    REFERENCES organizations (id) ON DELETE CASCADE,
                CONSTRAINT fk_tasks_project FOREIGN KEY (organization_id, project_id)
                    REFERENCES projects (organization_id, id) ON DELETE CASCADE
            );
            CREATE INDEX ix_tasks_organization_id_project_id ON tasks (organization_id, project_id);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TABLE tasks, projects, organization_members, users, organizations;");
    }
}
