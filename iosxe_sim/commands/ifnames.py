"""Interface arguments as IOS takes them: the spaced form and the `?` list of interface types.

The grammar's IFNAME is one token (`GigabitEthernet1`, `gi1`, `vi1`). IOS also takes the type and
the number as two words (`interface virtual-access 1`, `show interfaces GigabitEthernet 1`): a line
that fails on an interface-type word followed by a number is matched again with the two joined.
`?` where an interface may come lists the types, as IOS does, instead of one IFNAME line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from iosxe_sim.parser.graph import INTERFACE_TYPES, canonical_interface
from iosxe_sim.parser.match import HelpEntry, Invalid, Matched, MatchResult

IFNAME_DISPLAY = "IFNAME"
_NUMBER = re.compile(r"\d[\d/.:]*")

# `show interfaces ?` on IOS-XE: the interface types and their help texts
TYPE_HELP = {
    "BDI": "Bridge-Domain interface",
    "Dialer": "Dialer interface",
    "Ethernet": "IEEE 802.3",
    "FastEthernet": "FastEthernet IEEE 802.3",
    "FortyGigabitEthernet": "Forty GigabitEthernet",
    "GigabitEthernet": "GigabitEthernet IEEE 802.3z",
    "HundredGigE": "Hundred GigabitEthernet",
    "Loopback": "Loopback interface",
    "Null": "Null interface",
    "Port-channel": "Ethernet Channel of interfaces",
    "TenGigabitEthernet": "Ten Gigabit Ethernet",
    "Tunnel": "Tunnel interface",
    "Virtual-Access": "Virtual Access interface",
    "Virtual-Template": "Virtual Template interface",
    "Vlan": "Catalyst Vlans",
}


def interface_type(word: str) -> str | None:
    """`vi` -> `Virtual-Access`: the type an abbreviation names, None when none."""
    found = canonical_interface(word + "0") if word.isascii() and word.replace("-", "").isalpha() else None
    return found[:-1] if found else None


def joined(text: str, column: int) -> tuple[str, int] | None:
    """The line with the interface type at `column` joined to the number after it, and where the
    removed blanks were; None when the word there is no type followed by a number."""
    found = re.compile(r"(\S+)(\s+)(\S+)").match(text, column)
    if not found or interface_type(found[1]) is None or not _NUMBER.fullmatch(found[3]):
        return None
    return text[: found.start(2)] + text[found.end(2):], found.start(2)


def with_interface_types(entries: list[HelpEntry]) -> list[HelpEntry]:
    """Replace the IFNAME line of a help list by the interface types (sorted as IOS sorts them)."""
    if not any(e.display == IFNAME_DISPLAY for e in entries):
        return entries
    types = [HelpEntry(name, TYPE_HELP[name]) for name in sorted(INTERFACE_TYPES, key=str.lower)]
    rest = [e for e in entries if e.display != IFNAME_DISPLAY]
    return types + rest


def number_help(word: str) -> list[HelpEntry] | None:
    """`show interfaces GigabitEthernet ?`: the number an interface type takes."""
    kind = interface_type(word)
    return None if kind is None else [HelpEntry("<0-2147483647>", f"{kind} interface number")]


MAX_JOINS = 4  # interfaces in one line (`ip route ... GigabitEthernet 1 ...`): a bound, not a limit hit


def match_spaced(attempt: Callable[[str], tuple[int, MatchResult]], text: str) -> tuple[str, int, MatchResult]:
    """Match `text`; when it fails on a spaced interface name, match it again with the name joined.
    Returns the line that matched (or `text` with its own failure) with the attempt's result."""
    depth, result = attempt(text)
    line = text
    for _ in range(MAX_JOINS):
        if not isinstance(result, Invalid) or (found := joined(line, result.column)) is None:
            break
        line = found[0]
        depth, result = attempt(line)
    if isinstance(result, Matched) or line == text:
        return line, depth, result
    return (text, *attempt(text))
