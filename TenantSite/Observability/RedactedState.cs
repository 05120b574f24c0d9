namespace TenantSite.Observability;

/// <summary>
/// A log entry's or scope's state with its credentials replaced (<see cref="SecretText"/>): the structured values a
/// sink keeps, and the text it writes, both redacted.
/// </summary>
internal sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> values, string text)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string Text { get; } = text;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public int Count => values.Count;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Text;

    /// <summary>
    /// The redacted copy of <paramref name="state"/>, or null when it holds no credential (the common case, decided
    /// from its values without formatting it: a structured state's text is its constant template and these values).
    /// <paramref name="format"/> gives its text, as its formatter would.
    /// </summary>
    public static RedactedState? Of<TState>(TState state, Func<TState, string?> format)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            var secret = false;
            for (var i = 0; i < values.Count && !secret; i++) secret = SecretText.MayContain(AsText(values[i].Value));
            if (!secret) return null;
            var redacted = new KeyValuePair<string, object?>[values.Count];
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i].Value;
                redacted[i] = new(values[i].Key, AsText(value) is { } text && SecretText.MayContain(text) ? SecretText.Redact(text) : value);
            }
            return new RedactedState(redacted, SecretText.Redact(format(state) ?? ""));
        }
        // Not structured (a string, say): its text is all there is.
        var whole = format(state);
        return SecretText.MayContain(whole) ? new RedactedState([], SecretText.Redact(whole!)) : null;
    }

    // A value as a sink would write it (a path as PathString too). Numbers, ids, dates, enums and types hold no
    // credential and are not formatted.
    private static string? AsText(object? value) => value switch
    {
        null or Type or Guid or DateTimeOffset or TimeSpan => null,
        string s => s,
        IConvertible => null,
        // Formatted as their elements, joined (LoggerMessage's formatter does the same).
        System.Collections.IEnumerable items => string.Join(", ", items.Cast<object?>()),
        _ => value.ToString(),
    };
}
