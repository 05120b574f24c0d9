using System.Collections.Concurrent;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// A configuration source that answers nothing and records every key the app looks up. Added last, it is asked
/// before every other source (configuration asks its sources from the last added), so it sees each read, whichever
/// source then answers it.
/// </summary>
public sealed class ConfigurationReads : IConfigurationSource
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The keys read so far (configuration keys ignore case), e.g. <c>Oidc:Authority</c>.</summary>
    public IReadOnlySet<string> Keys => _keys.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Recorder(_keys);

    private sealed class Recorder(ConcurrentDictionary<string, byte> keys) : ConfigurationProvider
    {
        public override bool TryGet(string key, out string? value)
        {
            keys.TryAdd(key, 0);
            value = null;
            return false;
        }
    }
}
