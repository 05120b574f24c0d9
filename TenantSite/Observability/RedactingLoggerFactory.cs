using System.Collections.Concurrent;

namespace TenantSite.Observability;

/// <summary>
/// The app's <see cref="ILoggerFactory"/>: the framework's own, with every logger wrapped so that no credential a
/// request carries (<see cref="SecretText"/>) reaches a sink through a message, a structured value or a scope. ASP.NET
/// Core puts the request's path in a scope on every line of the request (<c>RequestPath</c>), and routing and static
/// files log it at Debug: an invitation link's path holds its token. One place for every category and provider.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, factory) => new RedactingLogger(factory.CreateLogger(name)), inner);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            RedactedState.Of(state, static s => s?.ToString()) is { } redacted ? inner.BeginScope(redacted) : inner.BeginScope(state);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            if (RedactedState.Of(state, s => formatter(s, exception)) is { } redacted)
                inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.Text);
            else
                inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
