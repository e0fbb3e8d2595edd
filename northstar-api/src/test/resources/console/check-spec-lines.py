#!/usr/bin/env python3
"""Checks that every JSON example line of console-protocol.md is in the golden files.

Usage: check-spec-lines.py path/to/shared/spec/console-protocol.md
Exit status 1 lists the spec lines missing from golden.jsonl / golden-errors.jsonl,
e.g. after the spec gained an example. Placeholders are completed the way the
golden files note it: "{...}" manifests become the Appendix A hello-world manifest,
the elided token of section 11 is completed, and the template line of 5.1 is skipped.
"""
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = open(sys.argv[1], encoding="utf-8").read().split("\n")
golden = set()
for name in ("golden.jsonl", "golden-errors.jsonl"):
    for line in open(os.path.join(here, name), encoding="utf-8").read().split("\n"):
        if line and not line.startswith("#"):
            golden.add(line)

section, in_block, found = None, False, []
for line in spec:
    if line.startswith("## ") or line.startswith("### "):
        section = line.lstrip("#").strip()
    if line.startswith("```"):
        in_block = not in_block
        continue
    if in_block:
        m = re.match(r"^[CS]: (.*)$", line)
        text = m.group(1) if m else line
        if text.startswith("{"):
            found.append((section, text))

manifest = [t for s, t in found if s.startswith("Appendix A")][0]
missing = []
for section, text in found:
    if section.startswith("Appendix A") or "<the request, echoed in full>" in text:
        continue
    text = text.replace("{...}", manifest)
    if "(56 chars)" in text:
        prefix = text.split('"token":"')[1].split("...")[0]
        if any(g.startswith('{"response":{"token":"' + prefix) for g in golden):
            continue
    if text not in golden:
        missing.append(f"{section}: {text}")

for m in missing:
    print("missing:", m)
print(f"{len(found)} spec lines checked, {len(missing)} missing")
sys.exit(1 if missing else 0)
