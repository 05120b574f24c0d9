using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace TenantSite.Tests.Architecture;

/// <summary>A source file that names another type's constant (or enum member), as <c>Type.Name</c>.</summary>
public sealed record ConstantReference(string File, string Type, string Constant);

/// <summary>
/// The uses <see cref="TypeReferences"/> cannot see: the compiler copies a constant's value into its user, so the
/// compiled code no longer names it. They are found in the source instead, by the constants the assembly declares.
/// </summary>
public static partial class ConstantReferences
{
    /// <summary>
    /// Every <c>Type.Constant</c> of the assembly at <paramref name="assemblyPath"/> written in a .cs or .cshtml file
    /// below <paramref name="sourceRoot"/> (comments left out), with the file relative to <paramref name="sourceRoot"/>.
    /// </summary>
    public static IReadOnlyList<ConstantReference> Read(string assemblyPath, string sourceRoot)
    {
        var constants = Constants(assemblyPath);
        var byWritten = constants.ToLookup(c => c.Written);
        var found = new List<ConstantReference>();
        foreach (var file in SourceFiles(sourceRoot))
        {
            var code = Comment().Replace(File.ReadAllText(file), "");
            var relative = Path.GetRelativePath(sourceRoot, file).Replace('\\', '/');
            // Each neighbouring pair of a dotted name, so that TenantSite.Auth.Roles.Owner finds Roles.Owner.
            var pairs = DottedName().Matches(code)
                .Select(match => match.Value.Split('.'))
                .SelectMany(parts => parts.Zip(parts.Skip(1), (left, right) => left + "." + right));
            foreach (var written in pairs.Distinct())
            {
                found.AddRange(byWritten[written].Select(constant => new ConstantReference(relative, constant.Type, constant.Name)));
            }
        }
        return found;
    }

    private static IEnumerable<string> SourceFiles(string root) =>
        Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar) is not ["bin" or "obj", ..]);

    // "Written" is how code outside names it: the declaring type's own name (a nested one's too) and the constant's.
    private static List<(string Written, string Type, string Name)> Constants(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var constants = new List<(string, string, string)>();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            var typeName = metadata.GetString(type.Name);
            if (typeName.Contains('<', StringComparison.Ordinal)) continue;
            var written = typeName.Split('`')[0];
            foreach (var field in type.GetFields().Select(metadata.GetFieldDefinition))
            {
                if ((field.Attributes & FieldAttributes.Literal) == 0) continue;
                var name = metadata.GetString(field.Name);
                constants.Add((written + "." + name, TypeReferences.OutermostName(metadata, handle), name));
            }
        }
        return constants;
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")]
    private static partial Regex DottedName();
}
