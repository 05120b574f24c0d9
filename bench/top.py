#!/usr/bin/env python3
"""bench/top.py: where the busy threads' time goes in a dotnet-trace thread-time profile.

dotnet-trace's sampled-thread-time profile samples every thread, waiting or not, so its own `report topN` is
dominated by idle thread-pool and timer threads. This reads the Speedscope export (`dotnet-trace convert --format
Speedscope`), keeps only the samples whose innermost frame is the profiler's CPU_TIME marker (managed code running on
a CPU; native work such as the GC or OpenSSL shows as UNMANAGED_CODE_TIME and is left out), and prints the frames
with the largest inclusive share of that time, then the children of any frame named with --under.

Usage: bench/top.py trace.speedscope.json [--top 40] [--under 'substring of a frame name' ...] [--depth 25]
"""
import argparse
import collections
import json
import sys



# The component a sample belongs to: the innermost frame that names one of these, checked from the leaf outwards.
COMPONENTS = [
    ("PollGC", "GC suspension (waiting for a collection)"),
    ("Microsoft.AspNetCore.DataProtection", "data protection (cookie, antiforgery crypto)"),
    ("System.Security.Cryptography", "data protection (cookie, antiforgery crypto)"),
    ("Microsoft.AspNetCore.Antiforgery", "antiforgery"),
    ("TicketSerializer", "authentication cookie"),
    ("Microsoft.AspNetCore.Authentication", "authentication cookie"),
    ("Npgsql.", "Npgsql (wire protocol)"),
    ("Microsoft.EntityFrameworkCore", "EF Core (context, query pipeline, materialization)"),
    ("LinkGenerator", "URL generation"),
    ("Microsoft.AspNetCore.Routing.Template", "URL generation"),
    ("UrlHelper", "URL generation"),
    ("TagHelper", "Razor tag helpers"),
    ("Microsoft.AspNetCore.Mvc.ViewFeatures.Buffers", "Razor rendering (buffers, encoding)"),
    ("System.Text.Encodings.Web", "Razor rendering (buffers, encoding)"),
    ("RazorViewEngine", "Razor view lookup (partials)"),
    ("Microsoft.AspNetCore.Mvc.Razor", "Razor rendering (buffers, encoding)"),
    ("TenantSite.Pages", "Razor rendering (buffers, encoding)"),
    ("Microsoft.Extensions.DependencyInjection", "dependency injection"),
    ("Microsoft.Extensions.Logging", "logging"),
    ("Microsoft.AspNetCore.Server.Kestrel", "Kestrel, sockets"),
    ("System.Net.Sockets", "Kestrel, sockets"),
    ("TenantSite", "TenantSite's own code"),
    ("Microsoft.AspNetCore", "ASP.NET Core (pipeline, MVC)"),
]


def component(names, stack):
    for f in reversed(stack):
        n = names[f]
        for marker, comp in COMPONENTS:
            if marker in n:
                return comp
    return "other (runtime, thread pool)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trace")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--under", action="append", default=[])
    ap.add_argument("--depth", type=int, default=25)
    ap.add_argument("--callers", action="append", default=[], help="print the commonest call chains into this frame")
    a = ap.parse_args()
    doc = json.load(open(a.trace))
    names = [f["name"] for f in doc["shared"]["frames"]]
    inclusive = collections.Counter()
    exclusive = collections.Counter()
    modules = collections.Counter()
    components = collections.Counter()
    chains = {c: collections.Counter() for c in a.callers}
    children = {u: collections.Counter() for u in a.under}
    busy = 0.0
    for prof in doc["profiles"]:
        stack, last = [], None
        for ev in prof["events"]:
            at = ev["at"]
            if last is not None and stack and names[stack[-1]] == "CPU_TIME":
                dt = at - last
                busy += dt
                for f in set(stack):
                    inclusive[f] += dt
                exclusive[stack[-2] if len(stack) > 1 else stack[-1]] += dt
                module = names[stack[-2]].split("!")[0] if len(stack) > 1 else "?"
                modules[module] += dt
                components[component(names, stack)] += dt
                for c in a.callers:
                    for i in range(len(stack) - 1, -1, -1):
                        if c in names[stack[i]]:
                            chains[c][tuple(stack[max(0, i - 8):i + 1])] += dt
                            break
                for u in a.under:
                    for i, f in enumerate(stack):
                        if u in names[f]:
                            children[u][stack[i + 1] if i + 1 < len(stack) else -1] += dt
                            break
            last = at
            if ev["type"] == "O":
                stack.append(ev["frame"])
            else:
                stack.pop()
    if busy == 0:
        sys.exit("no busy samples")
    print(f"busy thread time: {busy:.0f} {doc['profiles'][0]['unit']}")
    print(f"\ntop {a.top} frames by inclusive share of busy time (exclusive in brackets)")
    for f, t in inclusive.most_common(a.top):
        print(f"{100 * t / busy:6.1f}%  [{100 * exclusive[f] / busy:5.1f}%]  {names[f][:150]}")
    print(f"\ntop {a.top} methods by exclusive share (the method running when sampled)")
    for f, t in exclusive.most_common(a.top):
        print(f"{100 * t / busy:6.1f}%  {names[f][:150]}")
    print("\nby component (the innermost frame that names one)")
    for c, t in components.most_common():
        print(f"{100 * t / busy:6.1f}%  {c}")
    print("\nexclusive share by assembly")
    for m, t in modules.most_common(25):
        print(f"{100 * t / busy:6.1f}%  {m}")
    for c in a.callers:
        print(f"\ncommonest call chains into '{c}':")
        for chain, t in chains[c].most_common(6):
            print(f"{100 * t / busy:6.1f}%")
            for f in chain:
                print(f"          {names[f][:140]}")
    for u in a.under:
        print(f"\nunder '{u}':")
        for f, t in children[u].most_common(a.depth):
            print(f"{100 * t / busy:6.1f}%  {names[f][:150] if f >= 0 else '(itself)'}")


if __name__ == "__main__":
    main()
