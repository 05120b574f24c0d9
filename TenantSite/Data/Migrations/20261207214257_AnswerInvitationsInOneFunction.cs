using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// The two ways to answer an invitation, by the invitee's verified email (tenantsite_answer_invitation) and by a link
/// (tenantsite_answer_invitation_link), carried the same accept-or-decline block, and both link functions the same
/// token lookup. Each is now one function the doors call, tenantsite_answer_found_invitation and
/// tenantsite_find_invitation_by_token; what the doors do is unchanged. CREATE OR REPLACE keeps the doors' owner and
/// grants; the helpers run with their caller's rights and nobody may call them but the doors' owner. The SQL is in
/// <c>20261207214257_AnswerInvitationsInOneFunction.Sql.cs</c>; the model is unchanged, so the snapshot is too.
/// </summary>
public sealed partial class AnswerInvitationsInOneFunction : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(Helpers);
        migrationBuilder.Sql(Doors);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(DoorsAsTheyWere);
        migrationBuilder.Sql(DropHelpers);
    }
}
