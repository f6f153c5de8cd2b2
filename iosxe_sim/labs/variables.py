"""Per-student variants: a lab's ``[variables]``, the values a student gets, and their substitution.

A variable is one of

- ``{ choices = [600, 900, 1200] }``: one of the values; a choice may be an inline table of fields
  (``{ minutes = 20, resume = "21m" }``) read as ``${name.minutes}``;
- ``{ range = [1000, 9999] }``: an integer between the two, both included;
- ``{ pool = "192.168.0.0/16", size = 6 }``: a block of ``size`` consecutive host addresses inside
  the network: ``${name.first}``, ``${name.last}`` (``${name}`` is the first);
- ``{ address = "203.0.113.0/24" }``: one host address of the network;
- ``{ name = "user" }``: the prefix and four letters or digits (``user7k2q``), one word.

Each may give a ``default``: the value without ``--student`` (so the lab as written keeps its
numbers). With a student id the value is drawn from a random source seeded by the seed, the
student id and the variable's name, so a student always gets the same variant and two students
get different ones.

``${name}`` or ``${name.field}`` may appear in any string of the lab file (outside
``[variables]``) and in the files it reads as text (starting config, client profiles). A string
that is exactly one placeholder takes the value's type: ``equals = "${timeout}"`` compares with an
integer when the variable is one.
"""

from __future__ import annotations

import hashlib
import ipaddress
import random
import re
import string
from collections.abc import Callable, Mapping
from typing import Any

from iosxe_sim.labs.locate import Path

Scalar = str | int
Value = Scalar | dict[str, Scalar]
PLACEHOLDER = re.compile(r"\$\{([A-Za-z][\w-]*)(?:\.([A-Za-z][\w-]*))?\}")
_NAME = re.compile(r"[A-Za-z][\w-]*")
MAX_VARIABLES = 64
MAX_CHOICES = 1000
KINDS = ("choices", "range", "pool", "address", "name")

Fail = Callable[[Path, str], Exception]


def derive(table: Any, student: str | None, seed: int, fail: Fail) -> dict[str, Value]:
    """Each variable's value for this student (or its default, without a student)."""
    if not isinstance(table, dict):
        raise fail(("variables",), "must be a table of name = { ... }")
    if len(table) > MAX_VARIABLES:
        raise fail(("variables",), f"at most {MAX_VARIABLES} variables")
    values: dict[str, Value] = {}
    for name, spec in table.items():
        path: Path = ("variables", name)
        if not _NAME.fullmatch(name):
            raise fail(path, "a variable name is a letter followed by letters, digits, - or _")
        if not isinstance(spec, dict):
            raise fail(path, f"must be an inline table with one of: {', '.join(KINDS)}")
        kinds = [kind for kind in KINDS if kind in spec]
        if len(kinds) != 1:
            raise fail(path, f"give exactly one of: {', '.join(KINDS)}")
        extra = set(spec) - {kinds[0], "default", "size"}
        if extra or ("size" in spec and kinds[0] != "pool"):
            raise fail(path, f"unknown field {min(extra or {'size'})!r}")
        candidates = _candidates(kinds[0], spec, path, fail)
        if "default" in spec and not candidates.allows(spec["default"]):
            raise fail(path + ("default",), f"{spec['default']!r} is not one of its values")
        if student is None and "default" in spec:
            values[name] = _plain(spec["default"], path + ("default",), fail)
        else:
            values[name] = candidates.draw(_random(seed, student or "", name))
    return values


class _Candidates:
    """The values a variable can take: a list, or a drawing function (ranges and pools can be
    large) with a test of what a default may be."""

    def __init__(
        self,
        options: list[Value] | None = None,
        draw: Callable[[random.Random], Value] | None = None,
        allows: Callable[[Any], bool] = lambda value: True,
    ) -> None:
        self.options = options or []
        self._draw = draw
        self._allows = allows

    def draw(self, source: random.Random) -> Value:
        return self._draw(source) if self._draw else source.choice(self.options)

    def allows(self, value: Any) -> bool:
        return value in self.options if self._draw is None else self._allows(value)


def _candidates(kind: str, spec: dict[str, Any], path: Path, fail: Fail) -> _Candidates:
    value = spec[kind]
    where = path + (kind,)
    if kind == "choices":
        if not isinstance(value, list) or not 0 < len(value) <= MAX_CHOICES:
            raise fail(where, f"must be a list of 1 to {MAX_CHOICES} values")
        return _Candidates([_plain(item, where, fail) for item in value])
    if kind == "range":
        if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
            raise fail(where, "must be [low, high], two integers")
        low, high = value
        if low > high:
            raise fail(where, "low must not be above high")
        return _Candidates(
            draw=lambda source: source.randint(low, high),
            allows=lambda value: type(value) is int and low <= value <= high,
        )
    if kind == "name":
        if not isinstance(value, str) or not _NAME.fullmatch(value) or len(value) > 24:
            raise fail(where, "must be a one-word prefix (letters, digits, - or _; up to 24)")
        alphabet = string.ascii_lowercase + string.digits
        return _Candidates(draw=lambda source: value + "".join(source.choice(alphabet) for _ in range(4)))
    network = _network(value, where, fail)
    hosts = network.num_addresses - 2 if network.prefixlen < 31 else network.num_addresses
    first_host = int(network.network_address) + (1 if network.prefixlen < 31 else 0)
    if kind == "address":
        return _Candidates(
            draw=lambda source: str(ipaddress.IPv4Address(first_host + source.randrange(hosts)))
        )
    size = spec.get("size", 1)
    if type(size) is not int or not 1 <= size <= hosts:
        raise fail(path + ("size",), f"must be an integer from 1 to {hosts} (the network's hosts)")

    def block(source: random.Random) -> Value:
        start = first_host + source.randrange(hosts - size + 1)
        first, last = ipaddress.IPv4Address(start), ipaddress.IPv4Address(start + size - 1)
        return {"first": str(first), "last": str(last)}

    return _Candidates(draw=block)


def _network(value: Any, path: Path, fail: Fail) -> ipaddress.IPv4Network:
    try:
        if isinstance(value, str):
            return ipaddress.IPv4Network(value, strict=False)
    except ValueError:
        pass
    raise fail(path, f"{value!r} is not an IPv4 network (A.B.C.D/M)")


def _plain(value: Any, path: Path, fail: Fail) -> Value:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    if isinstance(value, dict) and value and all(
        isinstance(k, str) and isinstance(v, (str, int)) and not isinstance(v, bool) for k, v in value.items()
    ):
        return dict(value)
    raise fail(path, "values are strings, integers, or inline tables of them")


def _random(seed: int, student: str, name: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}\0{student}\0{name}".encode()).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


def student_seed(seed: int, student: str | None) -> int:
    """The device seed of a student's variant (session ids, ports and SPIs differ too)."""
    if student is None:
        return seed
    return int.from_bytes(hashlib.sha256(f"{seed}\0{student}".encode()).digest()[:4], "big")


# -- substitution -----------------------------------------------------------------------------------
def substitute(document: Any, values: Mapping[str, Value], fail: Fail, path: Path = ()) -> Any:
    """The document with every placeholder replaced (the [variables] table itself is left alone)."""
    if isinstance(document, dict):
        return {
            key: item if path == () and key == "variables" else substitute(item, values, fail, path + (key,))
            for key, item in document.items()
        }
    if isinstance(document, list):
        return [substitute(item, values, fail, path + (index,)) for index, item in enumerate(document)]
    if isinstance(document, str):
        return text_value(document, values, lambda message: fail(path, message))
    return document


def text_value(text: str, values: Mapping[str, Value], fail: Callable[[str], Exception]) -> Any:
    whole = PLACEHOLDER.fullmatch(text)
    if whole:
        return _lookup(whole, values, fail)
    return PLACEHOLDER.sub(lambda found: str(_lookup(found, values, fail)), text) if "${" in text else text


def _lookup(found: re.Match[str], values: Mapping[str, Value], fail: Callable[[str], Exception]) -> Scalar:
    name, part = found.group(1), found.group(2)
    if name not in values:
        known = ", ".join(sorted(values)) or "none: add a [variables] section"
        raise fail(f"unknown variable {found.group(0)} (variables: {known})")
    value = values[name]
    if isinstance(value, dict):
        if part is None:
            part = "first" if "first" in value else None
        if part is None or part not in value:
            fields = ", ".join(f"${{{name}.{known}}}" for known in value)
            raise fail(f"{found.group(0)}: give one of the fields {fields}")
        return value[part]
    if part is not None:
        raise fail(f"{found.group(0)}: {name} has no fields")
    return value
