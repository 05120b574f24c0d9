namespace TenantSite.Tests.Data;

/// <summary>A unified diff of two texts, line by line with three lines of context, short enough for a failure message.</summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    // Lines of the changed middle compared cell by cell at most; beyond, the middle is shown as replaced wholesale.
    private const long MaxCells = 4_000_000;

    /// <summary>The diff from <paramref name="from"/> to <paramref name="to"/>, cut after <paramref name="maxLines"/> lines; empty when equal.</summary>
    public static string Of(string from, string to, string fromName, string toName, int maxLines = 60)
    {
        var edits = Edits(from.ReplaceLineEndings("\n").Split('\n'), to.ReplaceLineEndings("\n").Split('\n'));
        if (edits.All(e => e.Kind == ' ')) return "";
        var output = new List<string> { $"--- {fromName}", $"+++ {toName}" };
        foreach (var (start, end) in Hunks(edits))
        {
            int oldLine = 1 + edits.Take(start).Count(e => e.Kind != '+'), newLine = 1 + edits.Take(start).Count(e => e.Kind != '-');
            var hunk = edits.Skip(start).Take(end - start).ToList();
            output.Add($"@@ -{oldLine},{hunk.Count(e => e.Kind != '+')} +{newLine},{hunk.Count(e => e.Kind != '-')} @@");
            output.AddRange(hunk.Select(e => e.Kind + e.Line));
        }
        return output.Count <= maxLines
            ? string.Join("\n", output)
            : string.Join("\n", output.Take(maxLines)) + $"\n… ({output.Count - maxLines} more lines of diff)";
    }

    private readonly record struct Edit(char Kind, string Line);

    // The common head and tail as they are; the middle by longest common subsequence.
    private static List<Edit> Edits(string[] a, string[] b)
    {
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)]) tail++;
        var (x, y) = (a[head..^tail], b[head..^tail]);

        var edits = a[..head].Select(l => new Edit(' ', l)).ToList();
        if ((long)(x.Length + 1) * (y.Length + 1) > MaxCells)
        {
            edits.AddRange(x.Select(l => new Edit('-', l)));
            edits.AddRange(y.Select(l => new Edit('+', l)));
        }
        else
        {
            // common[i, j]: the longest common subsequence of x[i..] and y[j..].
            var common = new int[x.Length + 1, y.Length + 1];
            for (var i = x.Length - 1; i >= 0; i--)
                for (var j = y.Length - 1; j >= 0; j--)
                    common[i, j] = x[i] == y[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            int p = 0, q = 0;
            while (p < x.Length || q < y.Length)
            {
                if (p < x.Length && q < y.Length && x[p] == y[q]) { edits.Add(new(' ', x[p])); p++; q++; }
                else if (p < x.Length && (q == y.Length || common[p + 1, q] >= common[p, q + 1])) edits.Add(new('-', x[p++]));
                else edits.Add(new('+', y[q++]));
            }
        }
        edits.AddRange(a[^tail..].Select(l => new Edit(' ', l)));
        return edits;
    }

    // [start, end) ranges of edits: each change with its context, ranges that touch merged.
    private static IEnumerable<(int Start, int End)> Hunks(List<Edit> edits)
    {
        (int Start, int End)? open = null;
        for (var i = 0; i < edits.Count; i++)
        {
            if (edits[i].Kind == ' ') continue;
            var (start, end) = (Math.Max(0, i - Context), Math.Min(edits.Count, i + 1 + Context));
            if (open is { } o && start <= o.End) open = (o.Start, end);
            else
            {
                if (open is { } done) yield return done;
                open = (start, end);
            }
        }
        if (open is { } last) yield return last;
    }
}
