namespace TenantSite.Org;

/// <summary>The rules of the one-line texts people type (names, titles), the same for every page and the API.</summary>
internal static class TextRules
{
    public const string ControlCharacters = "Use no control characters (such as line breaks or tabs).";

    /// <summary>What is kept of a typed text: without the spaces around it.</summary>
    public static string Trimmed(string? value) => value?.Trim() ?? "";

    /// <summary>
    /// Why <paramref name="text"/> (already trimmed) cannot be saved in <paramref name="field"/>; null when it can. Its
    /// length counts what is kept, so spaces around a name never make it too long.
    /// </summary>
    public static FieldError? OneLine(string field, string text, int maxLength, string whenEmpty) =>
        text.Length == 0 ? new FieldError(field, whenEmpty)
        : text.Length > maxLength ? new FieldError(field, $"Use at most {maxLength} characters.")
        // Forms never get here with one (Security/InputCheckMiddleware refuses them first); JSON strings may carry them.
        : text.Any(char.IsControl) ? new FieldError(field, ControlCharacters)
        : null;
}
