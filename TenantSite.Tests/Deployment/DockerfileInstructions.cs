using System.Text.Json;

namespace TenantSite.Tests.Deployment;

/// <summary>One instruction of a Dockerfile: its build stage (0 for the first FROM), keyword and arguments.</summary>
public sealed record DockerInstruction(int Stage, string Keyword, string Arguments)
{
    /// <summary>The arguments in exec form (<c>["dotnet", "TenantSite.dll"]</c>), after any <c>--option=value</c> flags.</summary>
    public string[] ExecForm()
    {
        var json = Arguments[Arguments.IndexOf('[')..];
        return JsonSerializer.Deserialize<string[]>(json) ?? [];
    }

    /// <summary>The words of the arguments that are not <c>--flags</c>: for COPY, the sources and the destination.</summary>
    public string[] Words() => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--")).ToArray();
}

/// <summary>A Dockerfile read as Docker reads it: comments dropped, continuation lines joined.</summary>
public static class DockerfileInstructions
{
    public static IReadOnlyList<DockerInstruction> Read(string path)
    {
        var instructions = new List<DockerInstruction>();
        var stage = -1;
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1].TrimEnd() + " ";
                continue;
            }
            var whole = pending + line;
            pending = "";
            var space = whole.IndexOf(' ');
            var keyword = whole[..space].ToUpperInvariant();
            if (keyword == "FROM") stage++;
            instructions.Add(new DockerInstruction(stage, keyword, whole[(space + 1)..].Trim()));
        }
        return instructions;
    }
}
