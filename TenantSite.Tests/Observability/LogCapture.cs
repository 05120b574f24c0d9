using System.Collections.Concurrent;

namespace TenantSite.Tests.Observability;

/// <summary>
/// Records every entry the app logs, as a structured-logging sink sees it: level, category, message, structured values,
/// exception, and the scopes in force (the app's own and ASP.NET Core's), so a test can read both what a line says and
/// whose request it belongs to. It takes the app's filter rules as they are: it adds no level of its own.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<KeyValuePair<string, object?>>();
            var scopeTexts = new List<string>();
            capture._scopes.ForEachScope((scope, _) =>
            {
                scopeTexts.Add(scope?.ToString() ?? "");
                if (scope is IEnumerable<KeyValuePair<string, object?>> values) scopes.AddRange(values);
            }, (object?)null);
            capture.Entries.Enqueue(new LogEntry(logLevel, category, eventId, formatter(state, exception), Values(state), exception,
                scopes, scopeTexts));
        }

        private static IReadOnlyList<KeyValuePair<string, object?>> Values(object? state) =>
            state is IEnumerable<KeyValuePair<string, object?>> values ? [.. values] : [];
    }
}

/// <summary>One captured entry.</summary>
public sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message,
    IReadOnlyList<KeyValuePair<string, object?>> Values, Exception? Exception,
    IReadOnlyList<KeyValuePair<string, object?>> Scopes, IReadOnlyList<string> ScopeTexts)
{
    /// <summary>The value of <paramref name="key"/> in the innermost scope that has it, as text.</summary>
    public string? Scope(string key) => Scopes.LastOrDefault(s => s.Key == key).Value?.ToString();

    /// <summary>Everything a sink could write: message, values, scopes and the whole exception.</summary>
    public string AllText => string.Join("\n", [Category, Message, .. Values.Select(v => $"{v.Key}={v.Value}"),
        .. Scopes.Select(s => $"{s.Key}={s.Value}"), .. ScopeTexts, Exception?.ToString() ?? ""]);

    public override string ToString() => $"{Level} {Category}: {Message}";
}
