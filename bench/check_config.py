"""Sanity checker for generated benchmark configs (independent of iosxe_sim and ciscoconfparse2).

Usage: python bench/check_config.py FILE [FILE ...]

Checks the `show running-config` header (byte count included), the indentation tree (a line is at
most one space deeper than the line before it and no deeper than a `!` just before it; banner
bodies skipped; a certificate chain's `\tquit` allowed), duplicate root lines and duplicate lines inside a block, and that every name
referenced is defined. Exit 1 on a problem. It also counts the IKEv2 profiles with a `reconnect`
child, which bench_lint.py uses to cross-check the peer's answer.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HEADER = re.compile(r"Current configuration : (\d+) bytes\Z")

# (root regex, definition kind) — group 1 is the defined name.
DEFINES = [
    (r"vrf definition (\S+)", "vrf"),
    (r"aaa group server radius (\S+)", "radius"),
    (r"aaa authentication login (\S+)", "authen"),
    (r"aaa authorization network (\S+)", "author"),
    (r"crypto pki trustpoint (\S+)", "trustpoint"),
    (r"crypto ikev2 authorization policy (\S+)", "author-policy"),
    (r"crypto ikev2 proposal (\S+)", "proposal"),
    (r"crypto ikev2 policy (\S+)", "ikev2-policy"),
    (r"crypto ikev2 profile (\S+)", "ikev2-profile"),
    (r"crypto vpn anyconnect profile (\S+)", "ac-profile"),
    (r"crypto ipsec transform-set (\S+)", "transform-set"),
    (r"crypto ipsec profile (\S+)", "ipsec-profile"),
    (r"interface (\S+)", "interface"),
    (r"ip local pool (\S+)", "pool"),
    (r"ip access-list (?:standard|extended) (\S+)", "acl"),
    (r"class-map (?:match-any |match-all )?(\S+)", "class-map"),
    (r"policy-map (\S+)", "policy-map"),
]
# (root prefix, line regex, kinds of groups 1..n) — `line` is the stripped root or child line.
REFERENCES = [
    ("aaa authentication login", r"aaa authentication login \S+ group (\S+)", ("radius",)),
    ("aaa authorization network", r"aaa authorization network \S+ group (\S+)", ("radius",)),
    ("crypto ikev2 authorization policy", r"pool (\S+)", ("pool",)),
    ("crypto ikev2 authorization policy", r"route set access-list (\S+)", ("acl",)),
    ("crypto ikev2 policy", r"proposal (\S+)", ("proposal",)),
    ("crypto ikev2 profile", r"pki trustpoint (\S+)", ("trustpoint",)),
    ("crypto ikev2 profile", r"aaa authentication anyconnect-eap (\S+)", ("authen",)),
    (
        "crypto ikev2 profile",
        r"aaa authorization group anyconnect-eap list (\S+) (\S+)",
        ("author", "author-policy"),
    ),
    ("crypto ikev2 profile", r"ivrf (\S+)", ("vrf",)),
    ("crypto ikev2 profile", r"virtual-template (\d+)", ("virtual-template",)),
    ("crypto ikev2 profile", r"anyconnect profile (\S+)", ("ac-profile",)),
    ("crypto ikev2 profile", r"match address local (\S+)", ("address",)),
    ("crypto ikev2 policy", r"match address local (\S+)", ("address",)),
    ("crypto ipsec profile", r"set transform-set (.+)", ("transform-set",)),
    ("crypto ipsec profile", r"set ikev2-profile (\S+)", ("ikev2-profile",)),
    ("interface", r"ip unnumbered (\S+)", ("interface",)),
    ("interface", r"vrf forwarding (\S+)", ("vrf",)),
    ("interface", r"tunnel protection ipsec profile (\S+)", ("ipsec-profile",)),
    ("policy-map", r"class (\S+)", ("class-map",)),
    ("router bgp", r"neighbor \S+ update-source (\S+)", ("interface",)),
]


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    lines: int = 0
    ikev2_profiles: int = 0
    reconnect_profiles: int = 0


def blocks(lines: list[str], report: Report) -> list[tuple[int, str, list[str]]]:
    """Check indentation and return (line number, root line, stripped child lines) per root command."""
    out: list[tuple[int, str, list[str]]] = []
    prev, banner_end = 0, ""
    for no, line in enumerate(lines, 4):
        if banner_end:
            banner_end = "" if banner_end in line else banner_end
            continue
        if ("\t" in line and line.strip() != "quit") or line != line.rstrip():  # IOS writes "  \tquit"
            report.errors.append(f"line {no}: tab or trailing blank")
        depth = len(line) - len(line.lstrip(" "))
        if line.strip() == "!":
            prev = depth - 1
            continue
        if depth > prev + 1 or (depth and not out):
            report.errors.append(f"line {no}: indented {depth}, parent at {prev}: {line!r}")
            continue
        prev = depth
        if depth == 0:
            out.append((no, line, []))
            if line.startswith("banner "):
                banner_end = line.split()[2]
        else:
            out[-1][2].append(line.strip())
    return out


def check(text: str) -> Report:
    report = Report()
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    report.lines = len(lines)
    match = HEADER.match(lines[2]) if len(lines) > 3 else None
    if lines[:2] != ["Building configuration...", ""] or not match or lines[-1] != "end":
        report.errors.append("header or `end` missing")
    elif int(match.group(1)) != len(text.encode()) - len("\n".join(lines[:3]).encode()) - 1:
        report.errors.append(f"`Current configuration : {match.group(1)} bytes` does not match the text")
    tree = blocks(lines[3:], report)
    defined: dict[str, set[str]] = defaultdict(set)
    seen_roots: set[str] = set()
    for no, root, children in tree:
        if root in seen_roots and root != "end":
            report.errors.append(f"line {no}: duplicate root line {root!r}")
        seen_roots.add(root)
        if len(set(children)) != len(children) and not root.startswith(
            ("vrf definition", "line ", "router bgp", "crypto pki certificate chain")
        ):
            report.errors.append(f"line {no}: duplicate child lines under {root!r}")
        for pattern, kind in DEFINES:
            if m := re.match(pattern, root):
                defined[kind].add(m.group(1))
        if m := re.match(r"interface Virtual-Template(\d+) ", root):
            defined["virtual-template"].add(m.group(1))
        for child in children:
            if m := re.match(r"ip address (\S+) ", child):
                defined["address"].add(m.group(1))
        if root.startswith("crypto ikev2 profile "):
            report.ikev2_profiles += 1
            report.reconnect_profiles += any(c.split()[0] == "reconnect" for c in children)
    defined["class-map"].add("class-default")
    for no, root, children in tree:
        for prefix, pattern, kinds in REFERENCES:
            if not root.startswith(prefix + " "):
                continue
            for line in [root, *children]:
                if m := re.fullmatch(pattern, line):
                    names = m.group(1).split() if kinds == ("transform-set",) else m.groups()
                    for name, kind in zip(names, kinds * len(names)):
                        if name not in defined[kind]:
                            report.errors.append(f"line {no}: {kind} {name!r} is not defined ({line!r})")
    return report


def main(argv: list[str]) -> int:
    status = 0
    for path in argv or sys.exit(__doc__):
        report = check(Path(path).read_text(encoding="ascii"))
        for error in report.errors[:20]:
            print(f"{path}: {error}")
        verdict = f"{len(report.errors)} problem(s)" if report.errors else "OK"
        print(
            f"{path}: {report.lines} lines, {report.ikev2_profiles} IKEv2 profiles, "
            f"{report.reconnect_profiles} with reconnect: {verdict}"
        )
        status |= bool(report.errors)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
