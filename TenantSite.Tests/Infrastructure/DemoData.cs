using Npgsql;

namespace TenantSite.Tests.Infrastructure;

/// <summary>The ids of the demo data that <c>seed-demo</c> created in a test database.</summary>
public sealed record DemoData(Guid Alice, Guid Bob, Guid Carol, Guid Acme, Guid Globex)
{
    public static async Task<DemoData> LoadAsync(string adminConnectionString)
    {
        var source = AdminSources.For(adminConnectionString);
        var ids = new Dictionary<string, Guid>();
        await using (var command = source.CreateCommand(
            "SELECT subject, id FROM users UNION ALL SELECT slug, id FROM organizations"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) ids[reader.GetString(0)] = reader.GetGuid(1);
        }
        return new DemoData(ids["alice"], ids["bob"], ids["carol"], ids["acme"], ids["globex"]);
    }
}
