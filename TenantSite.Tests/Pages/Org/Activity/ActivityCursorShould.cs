using TenantSite.Pages.Org.Activity;

namespace TenantSite.Tests.Pages.Org.Activity;

/// <summary>The Activity page's cursor: a position at PostgreSQL's precision, opaque, and refused when not its own.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class ActivityCursorShould
{
    [Fact]
    public void KeepTheTimeToTheMicrosecondAndTheId()
    {
        var cursor = new ActivityCursor(new DateTimeOffset(2026, 11, 28, 19, 7, 12, TimeSpan.Zero).AddTicks(1_234_560), Guid.NewGuid());

        var encoded = cursor.Encode();

        Assert.Equal(32, encoded.Length);
        Assert.True(ActivityCursor.TryDecode(encoded, out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 31 characters
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // padding is not base64url
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    [InlineData("f_________AAAAAAAAAAAAAAAAAAAAAA")] // a time beyond year 9999
    public void RefuseWhatItDidNotWrite(string value) => Assert.False(ActivityCursor.TryDecode(value, out _));
}
