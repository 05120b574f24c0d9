using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal static class VersionColumn
{
    /// <summary>
    /// Maps the property to PostgreSQL's system column <c>xmin</c>, which the database sets on every write and no
    /// migration creates. Read for ETags, never written, and not a concurrency token for every SaveChanges: the API
    /// checks it where a client asks it to (<c>If-Match</c>), in the UPDATE's own WHERE.
    /// </summary>
    public static PropertyBuilder<uint> IsVersion(this PropertyBuilder<uint> property) => property
        .HasColumnName("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate();
}
