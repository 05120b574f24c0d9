using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>
/// Records everything the app logs, at every level: formatted messages, structured values,
/// scopes and full exceptions (inner ones included), so a test can assert no secret ever reaches a sink.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Entries);

    public void Dispose()
    {
    }

    /// <summary>Entries at Error or above, and any entry that carries an exception (its last part is the exception).</summary>
    public IEnumerable<string> Errors => Entries.Where(e => !e.StartsWith("scope ", StringComparison.Ordinal) &&
        (e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal) ||
         !e.EndsWith("| ", StringComparison.Ordinal)));

    /// <summary>Fails listing the offending entries if any contains one of the secrets.</summary>
    public void AssertNoneContains(IEnumerable<string> secrets)
    {
        var leaks = secrets.Where(s => s.Length > 0)
            .SelectMany(secret => Entries.Where(e => e.Contains(secret, StringComparison.Ordinal)))
            .ToList();
        Assert.True(leaks.Count == 0, "Secrets found in logs:\n" + string.Join("\n", leaks));
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            entries.Enqueue($"scope {category}: {Describe(state)}");
            return NullScope.Instance;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {Describe(state)} | {exception}");

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"))
            : state?.ToString() ?? "";
    }

    private sealed class NullScope : IDisposable
    {
        public static NullScope Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
