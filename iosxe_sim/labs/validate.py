"""Checking a parsed lab file against the schema, field by field, and building the :class:`Lab`.

Every problem raises :class:`LabError` naming the file, the line and the field (``objective[2].
check[1].query``), so an instructor never sees a traceback. Cross-field rules (one of ``config`` and
``config-text``; a timeline entry's one action; a state query's parameters) are checked here too;
CLI lines are checked against the grammar in ``loader.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from iosxe_sim.commands.exec_lab import parse_duration
from iosxe_sim.labs import patterns, schema, vocabulary
from iosxe_sim.labs.locate import Path, dotted, line_of
from iosxe_sim.labs.model import Check, ClientSpec, Objective, ParamValue, TimelineEntry
from iosxe_sim.labs.schema import Field, Kind

_WORD = re.compile(r"\S+")
_IPV4 = re.compile(r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}")


class LabError(ValueError):
    """A lab file that cannot be used; the message names the file, line and field."""


@dataclass
class Context:
    source: str  # the lab file as the user named it
    lines: dict[Path, int]

    def fail(self, path: Path, message: str) -> LabError:
        line = line_of(self.lines, path)
        where = f"{self.source}:{line}" if line else self.source
        return LabError(f"{where}: {dotted(path)}: {message}" if path else f"{where}: {message}")


def check_fields(table: Any, fields: tuple[Field, ...], path: Path, ctx: Context) -> dict[str, ParamValue]:
    """Unknown, missing and mistyped fields of one table; returns the typed values given."""
    if not isinstance(table, dict):
        raise ctx.fail(path, "must be a table")
    known = {f.name: f for f in fields}
    for name in table:
        if name not in known:
            raise ctx.fail(path + (name,), f"unknown field (expected one of: {', '.join(sorted(known))})")
    values: dict[str, ParamValue] = {}
    for f in fields:
        if f.name in table:
            values[f.name] = typed(table[f.name], f, path + (f.name,), ctx)
        elif f.required:
            raise ctx.fail(path, f"missing required field '{f.name}'")
    return values


def typed(value: Any, f: Field, path: Path, ctx: Context) -> ParamValue:
    kind = f.kind
    if kind in (Kind.STRING, Kind.TEXT) and isinstance(value, str):
        if f.choices and value not in f.choices:
            raise ctx.fail(path, f"{value!r} is not one of: {', '.join(f.choices)}")
        if kind is Kind.STRING and f.required and not value.strip():
            raise ctx.fail(path, "must not be empty")
        return value
    if kind is Kind.INTEGER and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is Kind.BOOLEAN and isinstance(value, bool):
        return value
    if kind is Kind.SCALAR and isinstance(value, (str, int, bool)):
        return value
    if kind is Kind.STRINGS and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    if kind is Kind.FILES and isinstance(value, dict):
        return tuple(value)  # the names; the caller reads the files
    if kind is Kind.DURATION:
        seconds = _duration(value)
        if seconds is None:
            raise ctx.fail(path, f"{value!r} is not a duration (use 45s, 15m, 1h30m or seconds)")
        return seconds
    raise ctx.fail(path, f"must be a {kind.value}, not {_type_name(value)}")


def _duration(value: Any) -> float | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value) if value >= 0 else None
    return parse_duration(value) if isinstance(value, str) else None


def _type_name(value: Any) -> str:
    names = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table"}
    return names.get(type(value), type(value).__name__)


def array(document: dict[str, Any], key: str, ctx: Context, required: bool) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ctx.fail((key,), f"must be an array of tables ([[{key}]] sections)")
    if required and not value:
        raise ctx.fail((), f"at least one [[{key}]] section is required")
    return value


# -- clients ----------------------------------------------------------------------------------------
def clients(items: list[Any], ctx: Context, read: Callable[[str, Path], bytes]) -> tuple[ClientSpec, ...]:
    specs: list[ClientSpec] = []
    for index, item in enumerate(items):
        path: Path = ("client", index)
        values = check_fields(item, schema.section("client").fields, path, ctx)
        for name in ("name", "user", "password"):
            if name in values and not _WORD.fullmatch(str(values[name])):
                raise ctx.fail(path + (name,), "must be one word (no blanks)")
        name = str(values["name"])
        if any(spec.name == name for spec in specs):
            raise ctx.fail(path + ("name",), f"client {name!r} is declared twice")
        address = values.get("address")
        if address is not None and not _IPV4.fullmatch(str(address)):
            raise ctx.fail(path + ("address",), f"{address!r} is not an IPv4 address")
        profile = read(str(values["profile"]), path + ("profile",)) if "profile" in values else None
        specs.append(
            ClientSpec(
                name,
                str(values.get("user", "test")),
                str(values.get("password", "cisco")),
                None if address is None else str(address),
                profile,
            )
        )
    return tuple(specs)


# -- timeline ---------------------------------------------------------------------------------------
def timeline(items: list[Any], ctx: Context, names: set[str]) -> tuple[TimelineEntry, ...]:
    entries: list[TimelineEntry] = []
    for index, item in enumerate(items):
        path: Path = ("timeline", index)
        values = check_fields(item, schema.section("timeline").fields, path, ctx)
        doers = [name for name in ("action", "exec", "config") if name in values]
        if len(doers) > 1:
            raise ctx.fail(path, f"give only one of action, exec, config (found {', '.join(doers)})")
        if not doers and "note" not in values:
            raise ctx.fail(path, "give one of action (with client), exec, config or note")
        line = line_of(ctx.lines, path) or 0
        config = tuple(str(values["config"]).splitlines()) if "config" in values else ()
        command = _action_line(values, path, ctx, names) if "action" in values else values.get("exec")
        note = values.get("note")
        entries.append(
            TimelineEntry(
                float(values.get("at", 0.0)),
                line,
                None if command is None else str(command),
                config,
                None if note is None else str(note),
            )
        )
    return tuple(sorted(entries, key=lambda entry: entry.at))


def _action_line(values: dict[str, ParamValue], path: Path, ctx: Context, names: set[str]) -> str:
    action = str(values["action"])
    client = values.get("client")
    if client is None:
        raise ctx.fail(path, "an action needs a client")
    if client not in names:
        raise ctx.fail(path + ("client",), f"no client {client!r} is declared in a [[client]] section")
    extra = {
        "traffic": ("packets",),
        "outage": ("seconds",),
        "roam": ("address", "port"),
        "reconnect": ("fault",),
    }
    wanted = extra.get(action, ())
    for name in ("packets", "seconds", "address", "port", "fault"):
        if name in values and name not in wanted:
            raise ctx.fail(path + (name,), f"not used by action {action!r}")
    line = f"lab client {client} {action}"
    if action == "traffic":
        line += f" {values.get('packets', schema.DEFAULT_PACKETS)}"
    elif action == "outage":
        if "seconds" not in values:
            raise ctx.fail(path, "action 'outage' needs 'seconds'")
        line += f" {int(float(values['seconds']))}"  # type: ignore[arg-type]
    elif action == "roam":
        line += "".join(f" {name} {values[name]}" for name in ("address", "port") if name in values)
    elif action == "reconnect":
        if "fault" not in values:
            raise ctx.fail(path, "action 'reconnect' needs 'fault'")
        line += f" {values['fault']}"
    return line


# -- objectives -------------------------------------------------------------------------------------
def objectives(items: list[Any], ctx: Context, names: set[str]) -> tuple[Objective, ...]:
    common = schema.section("objective").fields
    result: list[Objective] = []
    for index, item in enumerate(items):
        path: Path = ("objective", index)
        if not isinstance(item, dict):
            raise ctx.fail(path, "must be a table")
        own = {k: v for k, v in item.items() if k != "check"}
        values = check_fields(own, common, path, ctx)
        checks = item.get("check", [])
        if not isinstance(checks, list) or not checks or not all(isinstance(c, dict) for c in checks):
            raise ctx.fail(path, "needs at least one check ([[objective.check]] section)")
        ident = str(values.get("id", f"objective-{index + 1}"))
        if any(o.id == ident for o in result):
            raise ctx.fail(path + ("id",), f"objective id {ident!r} is used twice")
        points = int(values.get("points", 1))  # type: ignore[arg-type]
        if not 0 <= points <= 1000:
            raise ctx.fail(path + ("points",), "must be between 0 and 1000")
        built = tuple(
            _check(check, path + ("check", number), ctx, names) for number, check in enumerate(checks)
        )
        hints = tuple(values.get("hints", ()))  # type: ignore[arg-type]
        result.append(
            Objective(
                ident,
                str(values["title"]),
                hints,
                built,
                bool(values.get("session-only", False)),
                points,
                bool(values.get("story", False)),
            )
        )
    _check_order(result, ctx)
    return tuple(result)


def _check_order(result: list[Objective], ctx: Context) -> None:
    """`after` names another objective, and no chain of `after`s comes back to where it started."""
    ids = [objective.id for objective in result]
    for index, objective in enumerate(result):
        for number, check in enumerate(objective.checks):
            after = check.get("after")
            if after is None:
                continue
            path: Path = ("objective", index, "check", number, "after")
            if after not in ids:
                raise ctx.fail(path, f"no objective has the id {after!r} (ids: {', '.join(ids)})")
            if after == objective.id:
                raise ctx.fail(path, "an objective cannot come after itself")


def _check(table: dict[str, Any], path: Path, ctx: Context, names: set[str]) -> Check:
    kind = table.get("kind")
    common = schema.section("objective.check").fields
    if not isinstance(kind, str) or kind not in vocabulary.CHECK_KINDS:
        check_fields({"kind": kind} if kind is not None else {}, common, path, ctx)
        raise ctx.fail(path + ("kind",), f"unknown check kind {kind!r}")
    fields = common + vocabulary.CHECK_KINDS[str(kind)].fields
    condition = table.get("while")
    values = check_fields({k: v for k, v in table.items() if k != "while"}, fields, path, ctx)
    if condition is not None:
        if not any(f.name == "while" for f in fields):
            check_fields(table, fields, path, ctx)  # reports `while` as unknown for this kind
        values["while"] = _condition(condition, path + ("while",), ctx, names)
    _client_known(values, path, ctx, names)
    for name in ("match", "matches"):
        if name in values:
            refused = patterns.problem(str(values[name]))
            if refused is not None:
                raise ctx.fail(path + (name,), refused)
    _KIND_RULES.get(str(kind), lambda *_: None)(values, path, ctx)
    params = MappingProxyType({k: v for k, v in values.items() if k not in ("kind", "description")})
    description = str(values.get("description") or vocabulary.describe(str(kind), params))
    return Check(str(kind), description, line_of(ctx.lines, path) or 0, params)


def _condition(table: Any, path: Path, ctx: Context, names: set[str]) -> Check:
    """A `while` condition: a state check on the configuration."""
    if not isinstance(table, dict):
        raise ctx.fail(path, 'must be an inline table, like { query = "profile.reconnect", profile = "P", equals = true }')
    condition = _check({**table, "kind": "state"}, path, ctx, names)
    if not str(condition.get("query")).startswith("profile."):
        raise ctx.fail(path + ("query",), "a `while` condition reads the configuration: use a profile.* query")
    return condition


def _client_known(values: dict[str, ParamValue], path: Path, ctx: Context, names: set[str]) -> None:
    client = values.get("client")
    if client is not None and client not in names:
        raise ctx.fail(path + ("client",), f"no client {client!r} is declared in a [[client]] section")
    peer = values.get("selected-for")
    if peer is not None and peer not in names and not _IPV4.fullmatch(str(peer)):
        raise ctx.fail(path + ("selected-for",), f"{peer!r} is neither a declared client nor an IPv4 address")


def _state_rules(values: dict[str, ParamValue], path: Path, ctx: Context) -> None:
    query = vocabulary.QUERIES.get(str(values["query"]))
    if query is None:
        raise ctx.fail(path + ("query",), f"unknown query {values['query']!r} (see State queries)")
    for f in query.fields:
        if f.name == "profile" and "selected-for" in values:
            if "profile" in values:
                raise ctx.fail(path, "give profile or selected-for, not both")
            continue
        if f.required and f.name not in values:
            raise ctx.fail(path, f"query {query.name!r} needs '{f.name}'")
    if "selected-for" in values and not query.name.startswith("profile."):
        raise ctx.fail(path + ("selected-for",), "only profile.* queries select a profile")
    tests = {"equals", "matches", "at-least", "at-most"} & set(values)
    if not tests:
        raise ctx.fail(path, "give equals, matches, or at-least and/or at-most")
    if "equals" in values and len(tests) > 1:
        raise ctx.fail(path, f"equals cannot go with {', '.join(sorted(tests - {'equals'}))}")
    wanted = query.returns
    if "equals" in values and type(values["equals"]) is not wanted:
        given = values["equals"]
        example = {int: "600", bool: "true", str: '"text"'}[wanted]
        raise ctx.fail(
            path + ("equals",),
            f"query {query.name!r} gives {_KIND_NAMES[wanted]}, but {given!r} is {_type_name(given)} "
            f"(write equals = {example}, without quotes)" if wanted is not str else
            f"query {query.name!r} gives a string, but {given!r} is {_type_name(given)} (quote it)",
        )
    bounds = [name for name in ("at-least", "at-most") if name in values]
    if bounds and wanted is not int:
        raise ctx.fail(path + (bounds[0],), f"query {query.name!r} gives {_KIND_NAMES[wanted]}, not a number")


def _event_rules(values: dict[str, ParamValue], path: Path, ctx: Context) -> None:
    event = vocabulary.EVENTS.get(str(values["event"]))
    if event is None:
        raise ctx.fail(path + ("event",), f"unknown event {values['event']!r} (see Events)")
    reason = values.get("reason")
    if reason is not None and reason not in event.reasons:
        allowed = ", ".join(event.reasons) or "none (this event has no reason)"
        raise ctx.fail(path + ("reason",), f"{reason!r} is not a reason of {event.name} (reasons: {allowed})")
    if "reconnected" in values and event.name != "session-up":
        raise ctx.fail(path + ("reconnected",), "only session-up events have 'reconnected'")


_KIND_NAMES = {int: "an integer", bool: "a boolean", str: "a string"}

_KIND_RULES: dict[str, Callable[[dict[str, ParamValue], Path, Context], None]] = {
    "state": _state_rules,
    "event": _event_rules,
}
