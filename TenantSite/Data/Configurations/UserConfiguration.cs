using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.HasKey(u => u.Id).HasName("pk_users");
        b.Property(u => u.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
        b.Property(u => u.EmailVerified).HasDefaultValue(false);
        b.Ignore(u => u.DisplayName);
        b.HasIndex(u => new { u.Issuer, u.Subject }).IsUnique().HasDatabaseName("ux_users_issuer_subject");
        b.HasIndex(u => u.Email).HasDatabaseName("ix_users_email");
    }
}
