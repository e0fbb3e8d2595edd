#!/usr/bin/env python3
"""Generates parse-vectors.jsonl: YAML documents and the node tree libyaml's
parser (the parser serde_yaml uses, via PyYAML's CParser) makes of them, or
"error". Trees: {"map": [[k, v], ...]}, {"seq": [...]}, {"scalar": text,
"plain": bool} plus "tag" when a tag is given; aliases are expanded.
Run: python3 gen-parse-vectors.py > parse-vectors.jsonl
"""
import json
import sys

import yaml

assert yaml.__with_libyaml__

DOCS = [
    "a: b\n", "a: 'b'\n", 'a: "b"\n', "a:\n", "a: ~\n", "a: null\n", "a: 0o17\n", "a: 0600\n",
    "a: [1, two, 'three']\n", "a: {b: c, d: [e]}\n", "- a\n- b\n", "a: !fifo {priority: 10}\n",
    "a: !fifo\n  priority: 10\n", "a: !namespace container\n", "a: !args\n  index: 1\n  values: [1]\n  mask: 0x06\n",
    "a: |\n  x\n  y\n", "a: |-\n  x\n", "a: >\n  folded\n  text\n", "a: \"esc \\t \\n \\u00e9 \\U0001F600 \\x41 \\N \\_ \\L \\P \\e \\0 \\/\"\n",
    "a: 'it''s'\n", "a: b # comment\n", "# only comment\na: b\n", "a: &x v\nb: *x\n",
    "a: b\na: c\n", "? complex\n: value\n", "a: b\n...\n", "---\na: b\n", "--- a: b\n",
    "a:b\n", "{a:b}\n", "{a: b}\n", "a: {b:c}\n", "a: [b:c]\n", "a: x:y\n", "a: x: y\n",
    "a: b\n b: c\n", "a: b\n  c\n", "a:\n  - b\n  - c\n", "a:\n- b\n- c\n", "a: - b\n",
    "a:\tb\n", "a: b\t\n", "\ta: b\n", "a: 'multi\n  line'\n", "a: \"multi\n  line\"\n", "a: plain\n  continued\n",
    "a: @b\n", "a: `b\n", "a: %b\n", "%YAML 1.2\n---\na: b\n", "%YAML 1.1\n---\na: b\n", "%TAG ! tag:example.com,2000:\n---\na: !x b\n",
    "a: !!str 5\n", "a: !<tag:yaml.org,2002:str> 5\n", "a: !local\n", "a: ! b\n",
    "a: [1, 2,]\n", "a: {b: 1,}\n", "[a, b]: c\n", "a: 'x' y\n", "a: \"x\\q\"\n",
    "a: b\n---\nc: d\n", "", "   \n", "a: \xe9\n", "a: \U0001F600\n", "\ufeffa: b\n",
    "a: b\r\nc: d\r\n", "a: |2\n   x\n", "a: >-\n  x\n\n  y\n", "a: |+\n  x\n\n...\n",
    "a: [\n  b,\n  c\n]\n", "a: {\n  b: c\n}\n", "a: *unknown\n",
    "name: hello\nversion: 0.0.0\ninit: /binary\n uid: 1000\ngid: 1001\n",
    "{\"name\":\"hello\",\"uid\":1000}\n", "{\"a\": {\"fifo\": {\"priority\": 10}}}\n",
]


def tree(node):
    if isinstance(node, yaml.MappingNode):
        out = {"map": [[tree(k), tree(v)] for k, v in node.value]}
    elif isinstance(node, yaml.SequenceNode):
        out = {"seq": [tree(v) for v in node.value]}
    else:
        out = {"scalar": node.value, "plain": node.style in (None, "")}
    if not node.tag.startswith("tag:yaml.org,2002:"):
        out["tag"] = node.tag
    return out


class Plain(yaml.CLoader):
    """libyaml's parser; no implicit resolvers so explicit tags stay visible."""


Plain.yaml_implicit_resolvers = {}


def main():
    for d in DOCS:
        try:
            node = yaml.compose(d, Loader=Plain)
            result = None if node is None else tree(node)
            ok = True
        except yaml.YAMLError as e:
            result = "error"
            ok = False
        sys.stdout.write(json.dumps({"doc": d, "ok": ok, "tree": result}, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
