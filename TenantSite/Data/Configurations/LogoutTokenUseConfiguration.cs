using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class LogoutTokenUseConfiguration : IEntityTypeConfiguration<LogoutTokenUse>
{
    public void Configure(EntityTypeBuilder<LogoutTokenUse> b)
    {
        b.ToTable("logout_token_uses");
        b.HasKey(u => new { u.Issuer, u.Jti }).HasName("pk_logout_token_uses");
    }
}
