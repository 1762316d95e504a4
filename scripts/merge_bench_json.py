#!/usr/bin/env python3
"""Merges Google Benchmark JSON files into one: the first file's context, every benchmark."""
import json
import sys

out, *inputs = sys.argv[1:]
merged = None
for path in inputs:
    with open(path) as f:
        data = json.load(f)
    if merged is None:
        merged = data
    else:
        merged["benchmarks"].extend(data["benchmarks"])
with open(out + ".tmp", "w") as f:
    json.dump(merged, f, indent=2)
import os
os.replace(out + ".tmp", out)
print(f"wrote {out}: {len(merged['benchmarks'])} benchmarks")
