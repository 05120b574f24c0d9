using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// bench/AllocationReport: dotnet run --project bench/AllocationReport -- trace.nettrace [requests] [frames]
// The runtime samples an AllocationTick about every 100 KB allocated; each names the type and carries a stack.
// Summing the sampled amounts by type, and by the first frame of our code or ASP.NET Core's on the stack, shows
// where a request's allocations go. With the request count, the figures are per request.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: AllocationReport <trace.nettrace> [requests] [frames=12]");
    return 2;
}
var requests = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
var frames = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 12;

using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var byType = new Dictionary<string, double>();
var bySite = new Dictionary<string, double>();
double total = 0;
foreach (var ev in log.Events)
{
    if (ev is not GCAllocationTickTraceData tick) continue;
    double bytes = tick.AllocationAmount64;
    total += bytes;
    byType[tick.TypeName] = byType.GetValueOrDefault(tick.TypeName) + bytes;
    var site = Site(ev.CallStack());
    bySite[site] = bySite.GetValueOrDefault(site) + bytes;
}

Console.WriteLine($"sampled allocations: {total / 1024 / 1024:F1} MB, {total / requests / 1024:F1} KB per request ({requests} requests)");
Print("by type", byType);
Print("by allocating site (innermost frame outside the runtime's collections, strings and buffers)", bySite);
return 0;

void Print(string title, Dictionary<string, double> table)
{
    Console.WriteLine($"\n{title}:");
    foreach (var (name, bytes) in table.OrderByDescending(kv => kv.Value).Take(40))
        Console.WriteLine($"{bytes / requests / 1024,8:F1} KB/req {100 * bytes / total,5:F1}%  {name}");
}

// The first frames that say who asked for the memory: skip the allocation helpers and general-purpose containers.
string Site(TraceCallStack? stack)
{
    var names = new List<string>();
    for (var s = stack; s is not null && names.Count < frames; s = s.Caller)
    {
        var method = s.CodeAddress.FullMethodName;
        if (string.IsNullOrEmpty(method)) continue;
        names.Add(method.Length > 110 ? method[..110] : method);
    }
    var start = names.FindIndex(n => !(n.StartsWith("System.", StringComparison.Ordinal) || n.StartsWith("Microsoft.Extensions.Primitives", StringComparison.Ordinal)));
    return start < 0 ? string.Join(" < ", names.Take(3)) : string.Join(" < ", names.Skip(Math.Max(0, start - 1)).Take(3));
}
