#!/usr/bin/env python3
"""Generates structure-vectors.jsonl: nested values (as JSON) and the YAML that
libyaml writes for them with serde_yaml's events (no tags; string styles as
serde_yaml requests them). Deterministic (fixed seed).
Run: python3 gen-structure-vectors.py > structure-vectors.jsonl
"""
import json
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from importlib import import_module  # noqa: E402

vectors = import_module("gen-scalar-vectors")
canonical = import_module("gen-canonical")

STRINGS = [s for s in vectors.STRINGS if len(s) < 40]


def value(rnd, depth):
    kind = rnd.randrange(8 if depth < 4 else 5)
    if kind == 0:
        return rnd.choice(STRINGS)
    if kind == 1:
        return rnd.choice([0, 1, -1, 42, 18446744073709551615, -9223372036854775808])
    if kind == 2:
        return rnd.choice([True, False, None])
    if kind == 3:
        return rnd.choice(STRINGS)
    if kind == 4:
        return rnd.choice(["x", "multi\nline", "", "a: b"])
    if kind in (5, 6):
        return {rnd.choice(STRINGS): value(rnd, depth + 1) for _ in range(rnd.randrange(4))}
    return [value(rnd, depth + 1) for _ in range(rnd.randrange(4))]


def main():
    rnd = random.Random(20261122)
    for _ in range(400):
        v = {"custom": value(rnd, 0), "k": [value(rnd, 1), {"n": value(rnd, 1)}]}
        sys.stdout.write(json.dumps({"value": v, "yaml": canonical.canonical(v)}, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
