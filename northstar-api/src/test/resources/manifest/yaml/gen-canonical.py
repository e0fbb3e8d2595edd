#!/usr/bin/env python3
"""Writes <example>.canonical.yaml for every examples/<example>.json.

The canonical YAML is what the Rust packer stores in an NPK: serde_yaml 0.9's
serialization, i.e. libyaml's emitter fed with serde's events. This script
feeds the real libyaml emitter (PyYAML CEmitter) with the events serde would
produce for the manifest given in its JSON form: variants with data become
tags (sched.policy, network, seccomp.allow.<syscall>), strings get serde_yaml's
style request. Run from this directory: python3 gen-canonical.py ../examples
"""
import json
import pathlib
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from importlib import import_module  # noqa: E402

vectors = import_module("gen-scalar-vectors")


def tagged(path):
    return path == ("sched", "policy") or path == ("network",) or (len(path) == 3 and path[:2] == ("seccomp", "allow"))


def events(value, path, tag=None):
    if isinstance(value, dict):
        if tagged(path) and len(value) == 1:
            (name, inner), = value.items()
            yield from events(inner, path + (name,), tag="!" + name)
            return
        yield yaml.MappingStartEvent(anchor=None, tag=tag, implicit=tag is None, flow_style=False)
        for k, v in value.items():
            yield yaml.ScalarEvent(None, None, (True, True), k, style=vectors.requested(k))
            yield from events(v, path + (k,))
        yield yaml.MappingEndEvent()
    elif isinstance(value, list):
        yield yaml.SequenceStartEvent(anchor=None, tag=tag, implicit=tag is None, flow_style=False)
        for i, v in enumerate(value):
            yield from events(v, path + (i,))
        yield yaml.SequenceEndEvent()
    elif isinstance(value, str):
        yield yaml.ScalarEvent(None, tag, (tag is None, tag is None), value, style=vectors.requested(value))
    elif value is None:
        yield yaml.ScalarEvent(None, tag, (True, True), "null", style=None)
    elif isinstance(value, bool):
        yield yaml.ScalarEvent(None, tag, (True, True), "true" if value else "false", style=None)
    else:
        yield yaml.ScalarEvent(None, tag, (True, True), str(value), style=None)


def canonical(manifest):
    evs = [yaml.StreamStartEvent(), yaml.DocumentStartEvent(explicit=False), *events(manifest, ()),
           yaml.DocumentEndEvent(explicit=False), yaml.StreamEndEvent()]
    return yaml.emit(evs, Dumper=yaml.CDumper, allow_unicode=True, width=2**31 - 1, indent=2)


def main():
    for p in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
        manifest = json.loads(p.read_text(), object_pairs_hook=dict)
        p.with_suffix(".canonical.yaml").write_text(canonical(manifest))


if __name__ == "__main__":
    main()
