using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace TenantSite.Tests.Deployment;

/// <summary>
/// docker-compose.yml as Compose itself reads it: the output of <c>docker-compose config</c> (Compose 1.29, Debian's
/// <c>docker-compose</c>; ./test.sh installs it), run with no variables set, so defaults, anchors and paths are resolved.
/// </summary>
public sealed class ComposeFile
{
    private ComposeFile(int exitCode, string output, string errors)
    {
        (ExitCode, Output, Errors) = (exitCode, output, errors);
        if (exitCode != 0) return;
        var yaml = new YamlStream();
        yaml.Load(new StringReader(output));
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        Services = services.Children.ToDictionary(s => ((YamlScalarNode)s.Key).Value!, s => new ComposeService(((YamlScalarNode)s.Key).Value!, (YamlMappingNode)s.Value));
    }

    public int ExitCode { get; }
    public string Output { get; }
    public string Errors { get; }
    public IReadOnlyDictionary<string, ComposeService> Services { get; } = new Dictionary<string, ComposeService>();

    public static string Path => System.IO.Path.Combine(Infrastructure.DevIdp.RepositoryRoot(), "docker-compose.yml");

    /// <summary>Runs <c>docker-compose config</c> on the repository's file with an environment of PATH and HOME only.</summary>
    public static async Task<ComposeFile> ReadAsync()
    {
        var start = new ProcessStartInfo("docker-compose", ["-f", Path, "config"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Infrastructure.DevIdp.RepositoryRoot(),
        };
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME" })
            start.Environment[name] = Environment.GetEnvironmentVariable(name);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("docker-compose is not installed (./test.sh installs Debian's docker-compose).", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return new ComposeFile(process.ExitCode, await output, await errors);
        }
    }
}

/// <summary>One service of <see cref="ComposeFile"/>.</summary>
public sealed class ComposeService(string name, YamlMappingNode node)
{
    public string Name { get; } = name;

    public string? Image => Scalar(node, "image");

    /// <summary>The build context (an absolute path, as <c>config</c> prints it), or null for an image-only service.</summary>
    public string? BuildContext => node.Children.TryGetValue("build", out var build) ? Scalar((YamlMappingNode)build, "context") : null;

    /// <summary>The Dockerfile's full path (Compose's default is <c>Dockerfile</c> in the context).</summary>
    public string? Dockerfile => BuildContext is { } context
        ? System.IO.Path.GetFullPath(System.IO.Path.Combine(context, Scalar((YamlMappingNode)node["build"], "dockerfile") ?? "Dockerfile"))
        : null;

    public IReadOnlyDictionary<string, string> Environment => node.Children.TryGetValue("environment", out var env)
        ? ((YamlMappingNode)env).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "")
        : new Dictionary<string, string>();

    /// <summary>Published ports as <c>config</c> prints them, e.g. <c>127.0.0.1:5000:8080/tcp</c>.</summary>
    public IReadOnlyList<string> Ports => Sequence("ports");

    public IReadOnlyList<string> Entrypoint => Sequence("entrypoint");

    /// <summary>Volumes as <c>config</c> prints them: <c>source:target[:mode]</c>, a bind mount's source as an absolute path.</summary>
    public IReadOnlyList<string> Volumes => Sequence("volumes");

    public string? NetworkMode => Scalar(node, "network_mode");

    /// <summary>The healthcheck's test, e.g. <c>["NONE"]</c> when disabled; empty when the service does not set one.</summary>
    public IReadOnlyList<string> HealthcheckTest => node.Children.TryGetValue("healthcheck", out var check) &&
        ((YamlMappingNode)check).Children.TryGetValue("test", out var test) && test is YamlSequenceNode items
            ? items.Select(i => ((YamlScalarNode)i).Value!).ToList()
            : [];

    private IReadOnlyList<string> Sequence(string key) => node.Children.TryGetValue(key, out var value) && value is YamlSequenceNode items
        ? items.Select(i => ((YamlScalarNode)i).Value!).ToList()
        : [];

    private static string? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value : null;
}
