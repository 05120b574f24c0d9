#!/usr/bin/env python3
"""bench/perf-components.py: a perf profile of the app, by component and by where the CPU was.

Record with the app started with DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0 (so perf can name JIT-compiled
methods), then: perf record -F 999 -g -p <pid> -o app.data -- sleep 10; perf script -i app.data -F comm,tid,ip,sym,dso
> app.txt; bench/perf-components.py app.txt. Each sample goes to the innermost frame that names a component (the
same markers as bench/top.py), and is also counted by the code it was running: JIT-compiled .NET code, the kernel
(system calls, scheduling), the runtime's native code (GC, allocation, casts) or native libraries.
"""
import collections
import importlib.util
import os
import sys

spec = importlib.util.spec_from_file_location("top", os.path.join(os.path.dirname(__file__), "top.py"))
top = importlib.util.module_from_spec(spec)
spec.loader.exec_module(top)


def layer(frame):
    if "[kernel" in frame:
        return "kernel (system calls, scheduling)"
    if "libcoreclr" in frame:
        return "runtime native (GC, allocation, casts)"
    if "libclrjit" in frame:
        return "JIT compiler"
    if ".map)" in frame or "[JIT]" in frame:
        return "JIT-compiled .NET code"
    return "native libraries (libc, OpenSSL)"


def main():
    samples = []
    stack = []
    for line in open(sys.argv[1], errors="replace"):
        if not line.strip():
            if stack:
                samples.append(stack)
            stack = []
        elif line.startswith("\t") or line.startswith(" "):
            stack.append(line.strip())
        else:
            stack = []
    if stack:
        samples.append(stack)
    components = collections.Counter()
    layers = collections.Counter()
    both = collections.Counter()
    for s in samples:
        c = "other (thread pool, runtime)"
        for frame in s:  # leaf first
            hit = next((comp for marker, comp in top.COMPONENTS if marker in frame), None)
            if hit:
                c = hit
                break
        lay = layer(s[0])
        components[c] += 1
        layers[lay] += 1
        both[(c, lay)] += 1
    n = len(samples)
    print(f"{n} samples\n\nby component (innermost frame that names one):")
    for c, k in components.most_common():
        detail = ", ".join(f"{l.split(' (')[0]} {100 * both[(c, l)] / n:.1f}%" for l, _ in layers.most_common() if both[(c, l)])
        print(f"{100 * k / n:6.1f}%  {c}   [{detail}]")
    print("\nby the code running when sampled:")
    for l, k in layers.most_common():
        print(f"{100 * k / n:6.1f}%  {l}")


if __name__ == "__main__":
    main()
