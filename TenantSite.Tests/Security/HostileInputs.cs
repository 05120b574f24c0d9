using System.Globalization;
using System.Text;

namespace TenantSite.Tests.Security;

/// <summary>One entry of HostileInputs.txt: its section, its name and its value as written (escapes not yet applied).</summary>
public sealed record HostileInput(string Section, string Name, string Written)
{
    private static readonly string[] SpecialValues = [@"\none", @"\other-session", @"\no-cookie", @"\cookie-value"];

    /// <summary>True for <c>\none</c>: leave the field, parameter, token or header out.</summary>
    public bool IsNone => Written == @"\none";

    /// <summary>True for a value the corpus test makes itself (<c>\none</c>, <c>\other-session</c>, …): see the file's header.</summary>
    public bool IsSpecial => SpecialValues.Contains(Written);

    /// <summary>The value, with <c>\orig</c> standing for <paramref name="original"/>.</summary>
    public string Value(string original = "") => HostileInputs.Decode(Written, original);

    public override string ToString() => $"[{Section}] {Name}";
}

/// <summary>The corpus of hostile inputs (HostileInputs.txt, next to this file), by section.</summary>
public sealed class HostileInputs
{
    private readonly Dictionary<string, List<HostileInput>> _sections;

    private HostileInputs(Dictionary<string, List<HostileInput>> sections) => _sections = sections;

    /// <summary>Every entry, in file order.</summary>
    public IEnumerable<HostileInput> All => _sections.Values.SelectMany(s => s);

    /// <summary>The entries of one section (none if the file has no such section).</summary>
    public IReadOnlyList<HostileInput> this[string section] => _sections.TryGetValue(section, out var entries) ? entries : [];

    public IEnumerable<string> Sections => _sections.Keys;

    public static HostileInputs Load() =>
        Parse(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Security", "HostileInputs.txt"), Encoding.UTF8));

    public static HostileInputs Parse(IEnumerable<string> lines)
    {
        var sections = new Dictionary<string, List<HostileInput>>();
        List<HostileInput>? current = null;
        var section = "";
        foreach (var line in lines)
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
                current = sections.TryGetValue(section, out var existing) ? existing : sections[section] = [];
                continue;
            }
            var colon = line.IndexOf(':');
            if (current is null || colon <= 0) throw new FormatException($"Not an entry of a section: \"{line}\"");
            var value = line[(colon + 1)..];
            current.Add(new HostileInput(section, line[..colon], value.StartsWith(' ') ? value[1..] : value));
        }
        return new HostileInputs(sections);
    }

    /// <summary>Applies the escapes of HostileInputs.txt (see its header).</summary>
    public static string Decode(string written, string original = "")
    {
        var repeat = written.IndexOf(@"\repeat ", StringComparison.Ordinal);
        if (repeat >= 0)
        {
            var rest = written[(repeat + @"\repeat ".Length)..];
            var space = rest.IndexOf(' ');
            var count = int.Parse(rest[..space], CultureInfo.InvariantCulture);
            var text = Decode(rest[(space + 1)..], original);
            return Decode(written[..repeat], original) + new StringBuilder(text.Length * count).Insert(0, text, count);
        }

        var result = new StringBuilder(written.Length);
        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] != '\\' || i + 1 == written.Length)
            {
                result.Append(written[i]);
                continue;
            }
            var escape = written[++i];
            switch (escape)
            {
                case '\\': result.Append('\\'); break;
                case 't': result.Append('\t'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case '0': result.Append('\0'); break;
                case 's': result.Append(' '); break;
                case 'x': result.Append((char)Hex(written, i + 1, 2)); i += 2; break;
                case 'u': result.Append((char)Hex(written, i + 1, 4)); i += 4; break;
                case 'o' when written.AsSpan(i).StartsWith("orig"): result.Append(original); i += 3; break;
                default: throw new FormatException($"Unknown escape \\{escape} in \"{written}\"");
            }
        }
        return result.ToString();
    }

    /// <summary>
    /// Percent-encodes <paramref name="value"/> for a query string or form body as UTF-8 — a lone surrogate as the three
    /// bytes a careless encoder writes for it (ED A0 80), which is what a client can send.
    /// </summary>
    public static string Encode(string value)
    {
        var result = new StringBuilder(value.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            int length;
            if (char.IsSurrogatePair(value, i))
            {
                length = new Rune(value[i], value[i + 1]).EncodeToUtf8(bytes);
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                bytes[0] = (byte)(0xE0 | value[i] >> 12);
                bytes[1] = (byte)(0x80 | (value[i] >> 6 & 0x3F));
                bytes[2] = (byte)(0x80 | (value[i] & 0x3F));
                length = 3;
            }
            else
            {
                length = new Rune(value[i]).EncodeToUtf8(bytes);
            }
            foreach (var b in bytes[..length])
            {
                if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~') result.Append((char)b);
                else result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return result.ToString();
    }

    private static int Hex(string text, int start, int length) =>
        int.Parse(text.AsSpan(start, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
