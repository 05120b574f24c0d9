using AngleSharp.Dom;

namespace TenantSite.Tests.Infrastructure;

/// <summary>Assertions on a form as the server wrote it back.</summary>
public static class FormAssert
{
    /// <summary>
    /// A refused value stays in its field as it was typed (untrimmed), marked invalid, tied to its message, and still
    /// limited to what the server accepts.
    /// </summary>
    public static void RefusedAsTyped(IParentNode html, string field, string typed, string messageId, int maxLength)
    {
        var input = html.QuerySelector(field) ?? throw new InvalidOperationException($"No {field} in the answer.");
        Assert.Equal(typed, input.GetAttribute("value"));
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Contains(messageId, (input.GetAttribute("aria-describedby") ?? "").Split(' '));
        Assert.Equal(maxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), input.GetAttribute("maxlength"));
    }
}
