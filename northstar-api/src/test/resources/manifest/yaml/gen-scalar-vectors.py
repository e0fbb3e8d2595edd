#!/usr/bin/env python3
"""Generates scalar-vectors.jsonl: how serde_yaml 0.9 writes string scalars.

serde_yaml asks libyaml for a literal block if the string contains a newline,
for single quotes if the string would read back as null/bool/int/float (YAML 1.2
core rules of serde_yaml) or is digits with a leading zero, else for "any" style.
libyaml then picks the final style. This script makes those requests to the real
libyaml emitter (PyYAML's CDumper/CEmitter, resolver disabled) so the expected
output is libyaml's, not ours. Run: python3 gen-scalar-vectors.py > scalar-vectors.jsonl
"""
import json
import re
import sys

import yaml

assert yaml.__with_libyaml__, "needs PyYAML built with libyaml"

FLOAT = re.compile(r'^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$')


def digits_but_not_number(s):
    t = s[1:] if s[:1] in "+-" else s
    return len(t) > 1 and t[0] == '0' and all(c in "0123456789" for c in t[1:])


def is_int(s):
    t = s
    if t.startswith('+'):
        t = t[1:]
    elif t.startswith('-'):
        t = t[1:]
    for prefix, digits in (("0x", "0123456789abcdefABCDEF"), ("0o", "01234567"), ("0b", "01")):
        if t.startswith(prefix):
            rest = t[2:]
            return rest != "" and all(c in digits for c in rest) and int(rest, 16 if prefix == "0x" else 8 if prefix == "0o" else 2).bit_length() <= 128
    if digits_but_not_number(s):
        return False
    return t != "" and all(c in "0123456789" for c in t) and int(t).bit_length() <= 128


def is_float(s):
    t = s
    if t.startswith('+'):
        t = t[1:]
        if t[:1] in "+-":
            return False
    if t in (".inf", ".Inf", ".INF") or s in ("-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"):
        return True
    if not FLOAT.match(t):
        return False
    try:
        return abs(float(t)) != float("inf")
    except ValueError:
        return False


def typed(s):
    return (s in ("", "~", "null", "Null", "NULL") or s in ("true", "True", "TRUE", "false", "False", "FALSE")
            or is_int(s) or (not digits_but_not_number(s) and is_float(s)))


def requested(s):
    if "\n" in s:
        return "|"
    if typed(s) or digits_but_not_number(s):
        return "'"
    return None


def emit(events):
    return yaml.emit(events, Dumper=yaml.CDumper, allow_unicode=True, width=2**31 - 1, indent=2)


def scalar(value, style):
    return yaml.ScalarEvent(anchor=None, tag=None, implicit=(True, True), value=value, style=style)


def document(body):
    return [yaml.StreamStartEvent(), yaml.DocumentStartEvent(explicit=False), *body,
            yaml.DocumentEndEvent(explicit=False), yaml.StreamEndEvent()]


def as_value(s):
    """{k: s} at top level and {a: {k: s}} nested, to see literal indentation."""
    top = emit(document([yaml.MappingStartEvent(anchor=None, tag=None, implicit=True, flow_style=False),
                         scalar("k", None), scalar(s, requested(s)), yaml.MappingEndEvent()]))
    nested = emit(document([yaml.MappingStartEvent(anchor=None, tag=None, implicit=True, flow_style=False),
                            scalar("a", None),
                            yaml.MappingStartEvent(anchor=None, tag=None, implicit=True, flow_style=False),
                            scalar("k", None), scalar(s, requested(s)), yaml.MappingEndEvent(),
                            scalar("z", None), scalar("1", None),
                            yaml.MappingEndEvent()]))
    return top, nested


def as_key(s):
    return emit(document([yaml.MappingStartEvent(anchor=None, tag=None, implicit=True, flow_style=False),
                          scalar(s, requested(s)), scalar("v", None), yaml.MappingEndEvent()]))


STRINGS = [
    "hello", "x y", "/lib", "/lib64", "/dev", "0.0.1", "1.0", "1.0.0", ">=1.0.0", "^1.2.3", "*", "~1", "=1.0.0",
    "<2", "nosuid,nodev", "unconfined_u:object_r:user_home_t:s0", "CAP_NET_ADMIN", "LD_LIBRARY_PATH",
    "a: b", "a:b", "key:", ":x", ": x", "#c", "a #b", "a#b", "-a", "- a", "-", "--", "---", "---x", "...", "....",
    "?x", "? x", "x?", "?", "a,b", ",a", "[x", "x]", "{x", "x}", "&a", "*a", "!a", "|a", ">a", "'a", "\"a", "%a",
    "@a", "`a", "a'b", "a\"b", "a\\b", "it's", " lead", "trail ", " ", "  ", "a  b", "tab\there", "\t", "a\tb",
    "é", "naïve", "日本語", "é😀", "😀", "\u0085", "a\u0085b", "\ufeff", "a\ufeffb", "\u2028", "\u00a0", "a\u00a0b",
    "\x00", "a\x01b", "\x7f", "\x1b", "\r", "a\rb", "\x0b", "\x0c", "\x07", "\x08",
    "1", "-1", "+1", "0", "00", "0600", "-0600", "+0600", "0x1F", "0x", "0o17", "0o", "0b101", "0b", "-0x1F",
    "+0x1F", "0x-1", "1_000", "1:20", "2001-12-14", "=", "<<", "1.5", "-1.5", "1e3", "1E3", "1e", ".5", "1.",
    "+.5", "++1", "inf", "-inf", ".inf", "-.inf", ".Inf", ".INF", "nan", ".nan", ".NaN", ".NAN", "NaN",
    "true", "True", "TRUE", "tRUE", "false", "yes", "no", "on", "off", "y", "n", "null", "Null", "NULL", "nULL",
    "~", "", "340282366920938463463374607431768211455", "340282366920938463463374607431768211456",
    "99999999999999999999999999999999999999999", "1e400",
    "line1\nline2", "line1\nline2\n", "line1\n\n", "\n", "\nx", " x\ny", "x\n y", "x \ny", "x\n\ny", "x\ty\nz",
    "trailing \n", "a\n", "a\n\n\n", "\n\n",
    "a" * 130, "k" * 129 + ": v",
]


def main():
    for s in STRINGS:
        top, nested = as_value(s)
        sys.stdout.write(json.dumps({"s": s, "value": top, "nested": nested, "key": as_key(s)}, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
